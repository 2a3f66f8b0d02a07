package org.attentionworkbench.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.attentionworkbench.text.Document;

/**
 * A view of a dataset written after its spec, so that every command, the window and a model's card
 * read the same documents: {@code SPEC+only-labels=A,B} keeps the documents of classes A and B (in
 * that class-index order; names any case; unlabelled documents are left out), {@code SPEC+strip-headers}
 * removes each message's Usenet header block ({@link NewsHeaders}). Both may be given, e.g.
 * {@code 20newsgroups:test+only-labels=rec.sport.baseball,rec.sport.hockey+strip-headers}.
 *
 * @param base         the spec without its selection ({@code 20newsgroups:test})
 * @param onlyLabels   the classes kept, as written; empty for all
 * @param stripHeaders whether header blocks are removed
 */
public record DataSelection(String base, List<String> onlyLabels, boolean stripHeaders) {

    /** The selection suffix that keeps some classes. */
    public static final String ONLY_LABELS = "+only-labels=";
    /** The selection suffix that removes Usenet headers. */
    public static final String STRIP_HEADERS = "+strip-headers";

    /** Where a selection starts: a known suffix (class names may themselves hold a '+'). */
    private static final Pattern SUFFIX = Pattern.compile("\\+(?=only-labels=|strip-headers(?:\\+|$))");

    public DataSelection {
        onlyLabels = List.copyOf(onlyLabels);
    }

    /** The spec split into its base and selection; a spec without one selects nothing. */
    public static DataSelection parse(String spec) throws DatasetException {
        String[] parts = SUFFIX.split(spec, -1);
        List<String> only = List.of();
        boolean strip = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.equals(STRIP_HEADERS.substring(1))) {
                strip = true;
            } else {
                if (!only.isEmpty()) throw new DatasetException("only-labels is given twice in " + spec);
                only = List.of(p.substring(ONLY_LABELS.length() - 1).split(",", -1)).stream().map(String::strip).toList();
            }
        }
        return new DataSelection(parts[0], only, strip);
    }

    /** The suffix for these settings: {@code +only-labels=A,B+strip-headers}, or empty. */
    public static String suffix(List<String> onlyLabels, boolean stripHeaders) {
        return (onlyLabels == null || onlyLabels.isEmpty() ? "" : ONLY_LABELS + String.join(",", onlyLabels))
                + (stripHeaders ? STRIP_HEADERS : "");
    }

    /** Whether this selects anything (a plain spec does not). */
    public boolean selects() {
        return !onlyLabels.isEmpty() || stripHeaders;
    }

    /**
     * The documents of {@code data} this selection keeps, relabelled to the kept classes.
     *
     * @throws DatasetException when a class name is empty, given twice or not a class of the data (the
     *                          message lists the data's classes)
     */
    public Dataset apply(Dataset data) throws DatasetException {
        List<String> labels = data.labels();
        int[] newIndex = null;
        List<String> kept = labels;
        if (!onlyLabels.isEmpty()) {
            newIndex = new int[labels.size()];
            java.util.Arrays.fill(newIndex, -1);
            kept = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String name : onlyLabels) {
                if (name.isEmpty()) throw new DatasetException("only-labels has an empty class name: " + onlyLabels);
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new DatasetException("only-labels names \"" + name + "\" twice");
                }
                int c = indexOf(labels, name);
                if (c < 0) {
                    throw new DatasetException("only-labels: \"" + LabelIndex.abbreviate(name) + "\" is not a class of "
                            + base + "; its classes are " + String.join(", ", labels));
                }
                newIndex[c] = kept.size();
                kept.add(labels.get(c));
            }
        }
        List<Document> out = new ArrayList<>(data.size());
        for (Document d : data.documents()) {
            int label = d.label();
            if (newIndex != null) {
                if (!d.hasLabel() || newIndex[label] < 0) continue;
                label = newIndex[label];
            }
            String text = stripHeaders ? NewsHeaders.strip(d.text()) : d.text();
            out.add(label == d.label() && text.equals(d.text()) ? d : new Document(d.id(), text, label));
        }
        return new Dataset(data.name(), kept, out, data.skipped());
    }

    private static int indexOf(List<String> labels, String name) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(name)) return i;
        }
        return -1;
    }
}
