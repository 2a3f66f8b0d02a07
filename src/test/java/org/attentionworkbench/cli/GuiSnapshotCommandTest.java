package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workbench gui --snapshot} renders the full window with every panel computed and exits:
 * run as a user would, in its own JVM (headless JavaFX), on a shipped model.
 */
class GuiSnapshotCommandTest {

    @Test
    void snapshotWritesANonBlankPictureOfTheWholeWindow(@TempDir Path dir) throws Exception {
        Path model = Path.of("models", "sst2-bilstm.zip");
        assumeTrue(Files.isRegularFile(model), "shipped model missing");
        Path png = dir.resolve("window.png");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(),
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k",
                "-Djava.awt.headless=true", "-Dworkbench.config.dir=" + dir.resolve("config"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "gui", "-m", model.toString(), "--text", "A wonderful, funny film, but the ending drags.",
                "--snapshot", png.toString(), "--size", "1200x800");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "snapshot did not finish");
        assertEquals(0, p.exitValue(), out);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        assertEquals(800, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) colours.add(img.getRGB(x, y));
        }
        assertTrue(colours.size() > 50, "a real window has many colours, got " + colours.size());
    }

    @Test
    void snapshotOfAMissingModelIsAOneLineError() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err))
                .execute("gui", "-m", "no/such/model.zip", "--text", "x", "--snapshot", "x.png");
        assertEquals(1, code);
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).contains("no/such/model.zip"), lines.get(0));
    }
}
