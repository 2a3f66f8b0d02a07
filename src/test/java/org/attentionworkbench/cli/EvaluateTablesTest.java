package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.attentionworkbench.model.ClassificationMetrics;
import org.junit.jupiter.api.Test;

/**
 * evaluate's confusion matrix and per-class table, and the models table's class cell, stay readable
 * with 20 long class names.
 */
class EvaluateTablesTest {

    private static final List<String> NEWS = List.of("alt.atheism", "comp.graphics", "comp.os.ms-windows.misc",
            "comp.sys.ibm.pc.hardware", "comp.sys.mac.hardware", "comp.windows.x", "misc.forsale", "rec.autos",
            "rec.motorcycles", "rec.sport.baseball", "rec.sport.hockey", "sci.crypt", "sci.electronics", "sci.med",
            "sci.space", "soc.religion.christian", "talk.politics.guns", "talk.politics.mideast", "talk.politics.misc",
            "talk.religion.misc");

    @Test
    void twentyLongNamesGetNumberedColumnsAndOneLinePerClass() {
        int[] gold = new int[400];
        int[] predicted = new int[400];
        for (int i = 0; i < 400; i++) {
            gold[i] = i % 20;
            predicted[i] = i % 7 == 0 ? (i + 1) % 20 : i % 20;
        }
        ClassificationMetrics m = ClassificationMetrics.of(gold, predicted, 20);
        StringWriter s = new StringWriter();
        EvaluateCommand.printConfusion(new PrintWriter(s, true), NEWS, m.confusion());
        List<String> lines = s.toString().lines().toList();
        assertEquals(21, lines.size());
        for (String l : lines) assertTrue(l.length() <= 100, "too wide (" + l.length() + "): " + l);
        assertTrue(lines.get(0).strip().startsWith("0  1  2"), lines.get(0));
        assertTrue(lines.get(0).strip().endsWith("19"), lines.get(0));
        assertTrue(lines.get(3).startsWith(" 2 comp.os.ms-windows.misc "), lines.get(3));
        // Row 0 (alt.atheism): its documents are 0, 20, ..., 380; those divisible by 7 went to class 1.
        int misread = 0;
        for (int i = 0; i < 400; i += 20) if (i % 7 == 0) misread++;
        String[] cells = lines.get(1).substring(lines.get(1).indexOf("alt.atheism") + "alt.atheism".length()).trim().split(" +");
        assertEquals(20, cells.length);
        assertEquals(20 - misread, Integer.parseInt(cells[0]));
        assertEquals(misread, Integer.parseInt(cells[1]));

        StringWriter t = new StringWriter();
        EvaluateCommand.printPerClass(new PrintWriter(t, true), NEWS, m);
        List<String> rows = t.toString().lines().toList();
        assertEquals(21, rows.size());
        assertTrue(rows.get(0).startsWith("class "), rows.get(0));
        assertTrue(rows.get(1).startsWith("alt.atheism "), rows.get(1));
        assertTrue(rows.get(1).endsWith(" 20"), rows.get(1));
        assertTrue(rows.get(1).contains(String.format(java.util.Locale.ROOT, "%.4f", m.recall(0))), rows.get(1));
    }

    @Test
    void twoShortNamesKeepTheNamedLayoutAndAnUnpredictedClassHasNoPrecision() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 0}, 2);
        StringWriter s = new StringWriter();
        EvaluateCommand.printConfusion(new PrintWriter(s, true), List.of("neg", "pos"), m.confusion());
        assertEquals(List.of("             neg     pos", "     neg       2       0", "     pos       2       0"),
                s.toString().lines().toList());
        StringWriter t = new StringWriter();
        EvaluateCommand.printPerClass(new PrintWriter(t, true), List.of("neg", "pos"), m);
        List<String> rows = t.toString().lines().toList();
        assertTrue(rows.get(2).matches("pos\\s+-\\s+0\\.0000\\s+0\\.0000\\s+2"), rows.get(2));
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(1.0, m.recall(0), 1e-12);
    }

    /** Macro-F1 averages the classes that occur (gold or predicted), as scikit-learn does; the others show "-". */
    @Test
    void classesTheDataNeverTouchesAreLeftOutOfMacroF1() {
        ClassificationMetrics allRight = ClassificationMetrics.of(new int[] {1, 1}, new int[] {1, 1}, 2);
        assertEquals(1.0, allRight.macroF1(), 1e-12);
        assertTrue(Double.isNaN(allRight.f1(0)));
        StringWriter t = new StringWriter();
        EvaluateCommand.printPerClass(new PrintWriter(t, true), List.of("neg", "pos"), allRight);
        assertTrue(t.toString().lines().toList().get(1).matches("neg\\s+-\\s+-\\s+-\\s+0"), t.toString());
        // Twenty classes, a file of two: classes 3 and 7, one of each 7 read as 3.
        ClassificationMetrics news = ClassificationMetrics.of(new int[] {3, 3, 7, 7}, new int[] {3, 3, 7, 3}, 20);
        double f3 = 2.0 * 2 / (2 * 2 + 1);      // tp 2, fp 1
        double f7 = 2.0 * 1 / (2 * 1 + 1);      // tp 1, fn 1
        assertEquals((f3 + f7) / 2, news.macroF1(), 1e-12);
        // A predicted class that is not in the file is averaged in (at 0), as a wrong prediction should be.
        ClassificationMetrics stray = ClassificationMetrics.of(new int[] {3, 3}, new int[] {3, 5}, 20);
        assertEquals((2.0 / 3 + 0) / 2, stray.macroF1(), 1e-12);
    }

    @Test
    void theModelsTableSummarisesTwentyClassesAndListsFive() {
        assertEquals("20: alt.atheism ... talk.religion.misc", ModelsCommand.classes(NEWS, ", "));
        List<String> sst5 = List.of("very negative", "negative", "neutral", "positive", "very positive");
        assertEquals("very negative, negative, neutral, positive, very positive", ModelsCommand.classes(sst5, ", "));
        assertEquals("neg/pos", ModelsCommand.classes(List.of("neg", "pos"), "/"));
    }
}
