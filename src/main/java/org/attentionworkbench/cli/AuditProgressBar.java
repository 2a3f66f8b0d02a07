package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.attentionworkbench.audit.AuditProgress;

/**
 * The audit's one-line progress bar on stderr: done / total, documents per second, ETA and resident
 * memory, redrawn at most every 250 ms. Off (a line every 5% instead) when not wanted.
 */
final class AuditProgressBar {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter out;
    private final boolean live;
    private long last;
    private boolean drawn;
    private int lastPercent = -1;

    AuditProgressBar(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    synchronized void show(AuditProgress p) {
        long now = System.nanoTime();
        boolean end = p.done() >= p.total();
        if (live) {
            if (drawn && !end && now - last < REDRAW_NANOS) return;
            last = now;
            drawn = true;
            out.print("\r" + line(p));
        } else {
            int pct = (int) Math.floor(p.fraction() * 20) * 5;
            if (pct == lastPercent) return;
            lastPercent = pct;
            out.println(line(p));
        }
        out.flush();
    }

    synchronized void finish() {
        if (live && drawn) {
            out.println();
            out.flush();
        }
    }

    static String line(AuditProgress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        String eta = p.etaText();
        String rate = Double.isFinite(p.docsPerSecond()) ? String.format(Locale.ROOT, "%.2f", p.docsPerSecond()) : "--";
        String mem = Double.isFinite(p.residentMb()) ? String.format(Locale.ROOT, "  RSS %.0f MB", p.residentMb()) : "";
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d  %s (%d/%d)  %s docs/s  ETA %s%s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), (int) Math.floor(p.fraction() * 100), p.done(),
                p.total(), p.model(), p.modelNumber(), p.models(), rate, eta, mem);
    }
}
