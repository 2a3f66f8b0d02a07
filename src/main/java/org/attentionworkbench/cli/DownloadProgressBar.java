package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.attentionworkbench.data.DataFetcher;

/**
 * A one-line text progress bar for downloads on stderr:
 * {@code [##########----------]  50%   40.1 / 80.2 MB   5.3 MB/s  ETA 0:08}. Redrawn with a carriage
 * return at most every {@value #REDRAW_MS} ms so a fast download does not flood a slow terminal.
 */
final class DownloadProgressBar implements DataFetcher.ProgressListener {

    static final long REDRAW_MS = 200;
    private static final int WIDTH = 24;
    private static final double MB = 1024.0 * 1024.0;

    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private long startNanos = -1;
    private long lastDrawNanos;
    private boolean drawn;

    DownloadProgressBar(PrintWriter out) {
        this(out, System::nanoTime);
    }

    DownloadProgressBar(PrintWriter out, LongSupplier nanoClock) {
        this.out = out;
        this.nanoClock = nanoClock;
    }

    @Override
    public void progress(long bytesDone, long bytesTotal) {
        long now = nanoClock.getAsLong();
        if (startNanos < 0) {
            startNanos = now;
        }
        boolean finished = bytesTotal > 0 && bytesDone >= bytesTotal;
        if (drawn && !finished && now - lastDrawNanos < REDRAW_MS * 1_000_000) {
            return;
        }
        lastDrawNanos = now;
        drawn = true;
        out.print("\r" + line(bytesDone, bytesTotal, (now - startNanos) / 1e9));
        out.flush();
    }

    /** Ends the bar's line (call once the download is over, successful or not). */
    void finish() {
        if (drawn) {
            out.println();
            out.flush();
        }
    }

    /** The bar for the given state; elapsed in seconds. */
    static String line(long done, long total, double elapsed) {
        double rate = elapsed > 0 ? done / elapsed : 0;
        String speed = String.format(Locale.ROOT, "%6.1f MB/s", rate / MB);
        if (total <= 0) {
            return String.format(Locale.ROOT, "%8.1f MB  %s", done / MB, speed);
        }
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = rate > 0 ? clock((total - done) / rate) : "--:--";
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %7.1f / %.1f MB  %s  ETA %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), (int) Math.floor(fraction * 100),
                done / MB, total / MB, speed, eta);
    }

    private static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
