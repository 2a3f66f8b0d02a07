package org.attentionworkbench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options of {@code workbench gui --snapshot}: render the full window for one document with
 * every panel computed, write a PNG and exit. A picocli mixin: add
 * {@code @Mixin GuiSnapshotOptions snapshot;} to {@code GuiCommand} and, when
 * {@link #requested()}, call {@link #validate()} and render with
 * {@code ui.export.WindowSnapshot.render(root, width(), height(), output())}.
 * No JavaFX here (the cli package must not import it).
 */
public final class GuiSnapshotOptions {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})[xX](\\d{1,5})");

    /** The window's tabs, by the first word of their titles, as {@code --tab} takes them. */
    public static final List<String> TABS = List.of("compare", "eraser", "dataset", "audit", "twins", "notes");

    /** The smallest snapshot: below it the window's panels have no room for a line of tokens. */
    static final int MIN_WIDTH = 640;
    static final int MIN_HEIGHT = 480;

    // A heading of its own: without one, picocli listed the group's options (--text, --data,
    // --index) twice in `workbench gui --help`, once for the mixin and once for the group.
    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nDocument of a snapshot:%n")
    DocumentSource source;

    @Option(names = "--snapshot", paramLabel = "PNG",
            description = "Render the window with every panel computed to this PNG and exit (default: none, the window"
                    + " opens).")
    Path snapshot;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1600x1000",
            description = "Snapshot size in pixels, at least 640x480 (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--tab", paramLabel = "NAME",
            description = "With --snapshot: the tab to show: compare, eraser, dataset, audit, twins or notes"
                    + " (default: compare).")
    String tab;

    /** Whether a snapshot was asked for. */
    public boolean requested() {
        return snapshot != null;
    }

    /**
     * Checks the combination: a snapshot needs a document, and the size must parse.
     *
     * @throws UserException with a one-line message
     */
    public void validate() {
        if (tab != null && !TABS.contains(tab.strip().toLowerCase(Locale.ROOT))) {
            throw new UserException("--tab must be one of " + String.join(", ", TABS) + "; got '" + tab + "'");
        }
        if (!requested()) {
            if (source != null) throw new UserException("--text / --data need --snapshot (or type the text in the window)");
            return;
        }
        if (source == null || (source.text == null && source.data() == null)) {
            throw new UserException("--snapshot needs a document: --text \"...\" or --data FILE --index I");
        }
        if (source.data() != null && source.index() < 0) {
            throw new UserException("--index must be 0 or more, got " + source.index());
        }
        if (width() < MIN_WIDTH || height() < MIN_HEIGHT) {
            throw new UserException("--size must be at least " + MIN_WIDTH + "x" + MIN_HEIGHT
                    + " (smaller, the panels have no room for their tokens); got " + size.strip());
        }
    }

    /** The tab to show ({@link #TABS}), or null for the default. */
    public String tab() {
        return tab == null ? null : tab.strip().toLowerCase(Locale.ROOT);
    }

    /** The PNG to write, or null. */
    public Path output() {
        return snapshot;
    }

    /** The typed text, or null when the document comes from a dataset. */
    public String text() {
        return source == null ? null : source.text;
    }

    /** The dataset spec, or null. */
    public String data() {
        return source == null ? null : source.data();
    }

    /** The document index in {@link #data()}, or -1. */
    public int index() {
        return source == null ? -1 : source.index();
    }

    /** The text to show (typed text or a dataset entry's). */
    public String documentText() throws java.io.IOException {
        return source.resolveText();
    }

    /** Snapshot width in pixels. */
    public int width() {
        return dimension(1);
    }

    /** Snapshot height in pixels. */
    public int height() {
        return dimension(2);
    }

    private int dimension(int group) {
        Matcher m = SIZE.matcher(size == null ? "" : size.strip());
        if (!m.matches()) throw new UserException("--size must look like 1600x1000, got '" + size + "'");
        return group == 0 ? 0 : Integer.parseInt(m.group(group));
    }
}
