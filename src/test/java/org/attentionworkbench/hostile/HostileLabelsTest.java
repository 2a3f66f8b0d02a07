package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "Data files", the labels of a user's own file, through the command line: a label of
 * 2,000,000,000 is an error naming its line (it used to build two billion class names and end in
 * OutOfMemoryError), and a file whose labels are all 0 is evaluated (it used to be refused as "1
 * classes [0]" while an all-1 file was accepted). Labels are checked against the model's classes.
 */
class HostileLabelsTest {

    @TempDir
    Path tmp;

    @Test
    void aHugeLabelIsRefusedNamingItsLine() throws IOException {
        Path f = tmp.resolve("huge-label.tsv");
        Files.writeString(f, "0\ta dull film\n1\ta fine film\n2000000000\tan odd label\n1\tgood\n");
        for (String command : new String[] {"evaluate", "audit"}) {
            HostileCli r = command.equals("evaluate")
                    ? HostileCli.run("evaluate", "-m", HostileCli.MODEL, "--data", f.toString())
                    : HostileCli.run("audit", "-m", HostileCli.MODEL, "--data", f.toString(), "--out",
                            tmp.resolve("audit").toString(), "--no-progress");
            assertEquals(1, r.exit(), command + ": " + r.all());
            assertTrue(r.err().contains(":3"), command + " names line 3: " + r.err());
            assertTrue(r.err().contains("2000000000"), command + " names the label: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), command + ": one line: " + r.err());
            HostileOutput.assertClean(r.all());
        }
    }

    @Test
    void aFileWhoseLabelsAreAllZeroIsEvaluated() throws IOException {
        Path zeros = tmp.resolve("all-neg.tsv");
        Files.writeString(zeros, "0\ta dull , boring film\n0\tthe worst movie of the year\n0\ttedious and flat\n");
        Path ones = tmp.resolve("all-pos.tsv");
        Files.writeString(ones, "1\ta wonderful film\n1\tthe best movie of the year\n1\tfunny and moving\n");
        for (Path f : new Path[] {zeros, ones}) {
            HostileCli r = HostileCli.run("evaluate", "-m", HostileCli.MODEL, "--data", f.toString());
            assertEquals(0, r.exit(), f.getFileName() + ": " + r.all());
            assertTrue(r.out().contains("accuracy"), r.out());
            HostileOutput.assertClean(r.all());
        }
    }
}
