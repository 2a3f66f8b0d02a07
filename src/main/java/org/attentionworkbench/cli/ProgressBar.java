package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.attentionworkbench.audit.AuditProgress;
import org.attentionworkbench.data.DataFetcher;

/**
 * The command line's one progress bar on stderr, for downloads ({@link #downloads()}) and audits
 * ({@link #show(AuditProgress)}): {@code [############------------]  50%  ...}. Live, it is redrawn in
 * place with a carriage return at most every {@value #REDRAW_MS} ms, so fast progress does not flood
 * a slow terminal (the last step is always drawn); not live (a log file, {@code --no-progress}), it
 * prints a line each time another 5% is done.
 */
final class ProgressBar {

    static final long REDRAW_MS = 250;
    private static final int WIDTH = 24;
    private static final double MB = 1024.0 * 1024.0;

    private final PrintWriter out;
    private final boolean live;
    private final LongSupplier nanoClock;
    private long lastDrawNanos;
    private boolean drawn;
    private int lastStep = -1;

    ProgressBar(PrintWriter out, boolean live) {
        this(out, live, System::nanoTime);
    }

    ProgressBar(PrintWriter out, boolean live, LongSupplier nanoClock) {
        this.out = out;
        this.live = live;
        this.nanoClock = nanoClock;
    }

    /** An audit's progress (thread-safe: rows finish on several threads). */
    void show(AuditProgress p) {
        show(p.fraction(), p.done() >= p.total(), () -> auditLine(p));
    }

    /**
     * A listener for {@link DataFetcher} drawing on this bar, its rate and ETA measured from the first
     * report.
     */
    DataFetcher.ProgressListener downloads() {
        long[] start = {-1};
        return (done, total) -> {
            long now = nanoClock.getAsLong();
            if (start[0] < 0) start[0] = now;
            double fraction = total > 0 ? Math.min(1.0, (double) done / total) : Double.NaN;
            show(fraction, total > 0 && done >= total, () -> downloadLine(done, total, (now - start[0]) / 1e9));
        };
    }

    /**
     * Draws {@code line} for work {@code fraction} done (NaN when the total is unknown); {@code end}
     * is drawn whatever the time since the last redraw.
     */
    synchronized void show(double fraction, boolean end, Supplier<String> line) {
        if (live) {
            long now = nanoClock.getAsLong();
            if (drawn && !end && now - lastDrawNanos < REDRAW_MS * 1_000_000) return;
            lastDrawNanos = now;
            drawn = true;
            out.print("\r" + line.get());
        } else {
            int step = Double.isFinite(fraction) ? (int) Math.floor(fraction * 20) : 0;
            if (step == lastStep) return;
            lastStep = step;
            out.println(line.get());
        }
        out.flush();
    }

    /** Ends the bar's line (call once the work is over, successful or not). */
    synchronized void finish() {
        if (live && drawn) {
            out.println();
            out.flush();
        }
    }

    /** {@code [######------]  25%}: the bar and the whole percent done. */
    static String bar(double fraction) {
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%%", "#".repeat(filled), "-".repeat(WIDTH - filled),
                (int) Math.floor(fraction * 100));
    }

    /** An audit's line: rows done of all, the model, documents per second, ETA and resident memory. */
    static String auditLine(AuditProgress p) {
        String rate = Double.isFinite(p.docsPerSecond()) ? String.format(Locale.ROOT, "%.2f", p.docsPerSecond()) : "--";
        String mem = Double.isFinite(p.residentMb()) ? String.format(Locale.ROOT, "  RSS %.0f MB", p.residentMb()) : "";
        return String.format(Locale.ROOT, "%s  %d/%d  %s (%d/%d)  %s docs/s  ETA %s%s", bar(p.fraction()), p.done(),
                p.total(), p.model(), p.modelNumber(), p.models(), rate, p.etaText(), mem);
    }

    /** A download's line for the given state (total -1 when the server did not say); elapsed in seconds. */
    static String downloadLine(long done, long total, double elapsed) {
        double rate = elapsed > 0 ? done / elapsed : 0;
        String speed = String.format(Locale.ROOT, "%6.1f MB/s", rate / MB);
        if (total <= 0) {
            return String.format(Locale.ROOT, "%8.1f MB  %s", done / MB, speed);
        }
        double fraction = Math.min(1.0, (double) done / total);
        String eta = rate > 0 ? clock((total - done) / rate) : "--:--";
        return String.format(Locale.ROOT, "%s  %7.1f / %.1f MB  %s  ETA %s", bar(fraction), done / MB, total / MB,
                speed, eta);
    }

    private static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
