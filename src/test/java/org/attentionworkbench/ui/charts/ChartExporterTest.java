package org.attentionworkbench.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.FigureWriter;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.ui.eraser.EraserTestDocs;
import org.attentionworkbench.ui.eraser.EraserViewModel;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Every chart exports headless to a PNG that decodes and is not blank, an SVG with text, a PDF. */
class ChartExporterTest {

    private final Explanation e = ChartFixtures.explanation(EraserTestDocs.random(15, 2, 11));

    private List<JFreeChart> charts() {
        FlipCurveChart flips = new FlipCurveChart();
        flips.setExplanation(e);
        EraserViewModel vm = new EraserViewModel(e.document());
        vm.erase(1);
        flips.setCurrent(vm.getState());
        OutputDistributionChart out = new OutputDistributionChart();
        out.show(e, vm.getState());
        SaliencyScatterChart scatter = new SaliencyScatterChart();
        scatter.show(e, SaliencyMethod.GRADIENT);
        PermutationHistogramChart hist = new PermutationHistogramChart();
        hist.show(e);
        return List.of(flips.chart(), out.chart(), scatter.chart(), hist.chart());
    }

    @Test
    void pngDecodesAndIsNotBlank(@TempDir Path dir) throws Exception {
        int n = 0;
        for (JFreeChart chart : charts()) {
            Path file = dir.resolve("chart" + n++ + ".png");
            ChartExporter.write(chart, file, 640, 400);
            BufferedImage img = ImageIO.read(file.toFile());
            assertEquals(640, img.getWidth());
            assertEquals(400, img.getHeight());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
            }
            assertTrue(colours.size() > 10, "a drawn chart has many colours, got " + colours.size());
        }
        try (var files = Files.list(dir)) {
            assertEquals(4, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void svgParsesAsXmlAndKeepsTextAsText(@TempDir Path dir) throws Exception {
        for (JFreeChart chart : charts()) {
            Path file = dir.resolve("chart.svg");
            ChartExporter.write(chart, file, 640, 400);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // JFreeSVG writes the SVG 1.1 DOCTYPE; parse offline, without fetching the DTD.
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document svg = f.newDocumentBuilder().parse(file.toFile());
            assertEquals("svg", svg.getDocumentElement().getLocalName());
            assertTrue(svg.getElementsByTagNameNS("*", "text").getLength() > 0, "text elements");
            String title = chart.getTitle().getText();
            String firstWord = title.split("[ :]")[0];
            assertTrue(svg.getDocumentElement().getTextContent().contains(firstWord), "title text " + firstWord);
        }
    }

    @Test
    void pdfStartsWithTheMagicNumber(@TempDir Path dir) throws Exception {
        for (JFreeChart chart : charts()) {
            Path file = dir.resolve("chart.pdf");
            ChartExporter.write(chart, file, 640, 400);
            byte[] bytes = Files.readAllBytes(file);
            assertEquals("%PDF", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
            assertTrue(bytes.length > 1000);
            assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains("%%EOF"));
        }
    }

    /**
     * Greek in a chart's title and axis label reaches the PDF as glyph outlines: the PDF standard
     * fonts (Helvetica, WinAnsi) have no tau or alpha, so text written with them showed as "?"
     * or nothing. An outlined chart has no text operator and no font at all.
     */
    @Test
    void pdfDrawsGreekTextAsOutlines(@TempDir Path dir) throws Exception {
        JFreeChart chart = charts().get(0);
        chart.setTitle("Kendall \u03c4 of \u03b1 and saliency");
        ((org.jfree.chart.plot.XYPlot) chart.getPlot()).getDomainAxis().setLabel("\u03b5 (TVD)");
        Path file = dir.resolve("greek.pdf");
        ChartExporter.write(chart, file, 640, 400);
        byte[] bytes = Files.readAllBytes(file);
        String pdf = new String(bytes, StandardCharsets.ISO_8859_1);
        assertFalse(pdf.contains("/Font"), "a font resource: text written with a standard font");
        String content = contentStreams(bytes);
        assertFalse(java.util.regex.Pattern.compile("\\b(BT|Tj|TJ)\\b").matcher(content).find(),
                "a text object or text-showing operator in the page");
        // Each glyph is a filled path of Bezier curves ("c"): many more than the chart's own lines.
        long curves = content.lines().filter(l -> l.endsWith(" c")).count();
        assertTrue(curves > 200, "glyph outlines: " + curves + " curve segments");
    }

    /** The page content of a PDF: every stream, inflated where JFreePDF deflated it. */
    private static String contentStreams(byte[] pdf) throws Exception {
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while ((at = raw.indexOf("stream\n", at)) >= 0) {
            int start = at + "stream\n".length();
            int end = raw.indexOf("endstream", start);
            byte[] data = java.util.Arrays.copyOfRange(pdf, start, end);
            java.util.zip.Inflater inflater = new java.util.zip.Inflater();
            inflater.setInput(data);
            java.io.ByteArrayOutputStream inflated = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished() && !inflater.needsInput()) {
                int n = inflater.inflate(buf);
                if (n == 0 && inflater.needsDictionary()) break;
                inflated.write(buf, 0, n);
            }
            inflater.end();
            out.append(inflated.size() > 0 ? inflated.toString(StandardCharsets.ISO_8859_1) : new String(data,
                    StandardCharsets.ISO_8859_1)).append('\n');
            at = end + "endstream".length();
        }
        return out.toString();
    }

    @Test
    void unknownExtensionIsRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class,
                () -> ChartExporter.write(charts().get(0), dir.resolve("chart.gif"), 100, 100));
        assertEquals(FigureWriter.Format.PDF, FigureWriter.Format.of(Path.of("a.b.PDF")));
        assertFalse(new String(ChartExporter.png(charts().get(0), 50, 50), StandardCharsets.ISO_8859_1).isEmpty());
    }
}
