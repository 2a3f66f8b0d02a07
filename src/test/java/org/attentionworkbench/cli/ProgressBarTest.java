package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.attentionworkbench.audit.AuditProgress;
import org.junit.jupiter.api.Test;

/** The one progress bar of the command line: redraw throttling, the 5% lines and the audit's line. */
class ProgressBarTest {

    @Test
    void liveRedrawsAtMostEveryIntervalButAlwaysTheEnd() {
        StringWriter s = new StringWriter();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintWriter(s), true, () -> now[0]);
        var listener = bar.downloads();
        listener.progress(10, 100);
        now[0] += 100_000_000L; // 100 ms later: too soon
        listener.progress(20, 100);
        now[0] += ProgressBar.REDRAW_MS * 1_000_000;
        listener.progress(30, 100);
        listener.progress(100, 100); // the end, at once
        bar.finish();
        String[] draws = s.toString().split("\r", -1);
        assertEquals(4, draws.length, s.toString()); // "" before the first \r, then three draws
        assertEquals(true, draws[3].startsWith("[########################] 100%"), draws[3]);
        assertEquals(true, s.toString().endsWith(System.lineSeparator()));
    }

    @Test
    void notLiveItPrintsALineEachFivePercent() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), false);
        for (int done = 0; done <= 100; done++) {
            bar.show(new AuditProgress("imdb-cnn", 1, 2, done, 100, done, 2.5, 10, Double.NaN));
        }
        bar.finish();
        assertEquals(21, s.toString().lines().count(), s.toString());
        assertEquals("[############------------]  50%  50/100  imdb-cnn (1/2)  2.50 docs/s  ETA 0:10",
                s.toString().lines().toList().get(10));
    }
}
