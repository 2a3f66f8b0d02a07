package org.attentionworkbench.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.attentionworkbench.text.Document;

/**
 * Maps the label field of a plain TSV or CSV file to a class index while the file is read.
 *
 * <ul>
 *   <li>With known class names (a manifest's): a field that names a class (case-insensitive) is that
 *       class, otherwise it must be an integer in {@code 0..C-1}.</li>
 *   <li>Without them the file says what its classes are: either every label is a non-negative
 *       integer below {@link #MAX_CLASSES}, and the classes are {@code "0".."max"} (so an index keeps
 *       its meaning between a training and a test file), or every label is a name, and the classes
 *       are the names seen, sorted (so two files with the same names get the same class order
 *       whatever their row order). A file that mixes the two is malformed at the first line that
 *       differs in kind from the first label.</li>
 * </ul>
 * The labels are matched to a model's classes afterwards, by {@link ClassAlignment}.
 */
final class LabelIndex {

    /**
     * The most classes a plain file may declare through integer labels: a label of two billion would
     * otherwise make two billion class names.
     */
    static final int MAX_CLASSES = 10_000;

    private final List<String> names;
    private int maxSeen = -1;
    /** Names seen in a file without known names, in first-seen order (their provisional indices). */
    private final List<String> seenNames = new ArrayList<>();
    private final Map<String, Integer> seenIndex = new HashMap<>();

    LabelIndex(List<String> names) {
        this.names = names;
    }

    /** The class index of {@code field}, or -1 with {@code error[0]} set when it is not valid. */
    int parse(String field, String[] error) {
        String f = field.strip();
        if (!names.isEmpty()) {
            return known(f, field, error);
        }
        if (f.isEmpty()) {
            error[0] = "empty label";
            return -1;
        }
        if (f.startsWith("-") && isNonNegativeInteger(f.substring(1))) {
            error[0] = "label " + abbreviate(f) + " is negative: integer labels are class indices 0, 1, ...";
            return -1;
        }
        if (!isNonNegativeInteger(f)) {
            if (maxSeen >= 0) {
                error[0] = "label \"" + abbreviate(field) + "\" is a name but earlier labels are integers;"
                        + " use class indices or class names throughout";
                return -1;
            }
            return named(f);
        }
        if (!seenNames.isEmpty()) {
            error[0] = "label " + abbreviate(f) + " is an integer but earlier labels are names;"
                    + " use class indices or class names throughout";
            return -1;
        }
        Integer value = integer(f);
        if (value == null || value >= MAX_CLASSES) {
            error[0] = "label " + abbreviate(f) + " is too large: integer labels are class indices, at most "
                    + (MAX_CLASSES - 1);
            return -1;
        }
        maxSeen = Math.max(maxSeen, value);
        return value;
    }

    private int known(String f, String field, String[] error) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(f)) {
                return i;
            }
        }
        Integer value = integer(f);
        if (value == null) {
            error[0] = (isNonNegativeInteger(f) ? "label " + abbreviate(f) + " is out of range 0.." + (names.size() - 1)
                    : "label \"" + abbreviate(field) + "\" is not a class index 0.." + (names.size() - 1)
                    + " or a class name " + names);
            return -1;
        }
        if (value >= names.size()) {
            error[0] = "label " + value + " is out of range 0.." + (names.size() - 1) + " " + names;
            return -1;
        }
        return value;
    }

    private int named(String f) {
        String key = f.toLowerCase(Locale.ROOT);
        Integer i = seenIndex.get(key);
        if (i == null) {
            i = seenNames.size();
            seenIndex.put(key, i);
            seenNames.add(f);
        }
        return i;
    }

    /** The class names: the known ones, {@code "0".."max seen"}, or the names seen, sorted. */
    List<String> names() {
        if (!names.isEmpty()) {
            return names;
        }
        if (!seenNames.isEmpty()) {
            return List.copyOf(new TreeSet<>(seenNames));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= maxSeen; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    /**
     * The documents read with their final class indices: names seen get a provisional first-seen index
     * while the file is read and their sorted index once it has been read.
     */
    List<Document> finish(List<Document> read) {
        if (seenNames.isEmpty()) {
            return read;
        }
        List<String> sorted = names();
        int[] finalIndex = new int[seenNames.size()];
        for (int i = 0; i < finalIndex.length; i++) {
            finalIndex[i] = sorted.indexOf(seenNames.get(i));
        }
        List<Document> out = new ArrayList<>(read.size());
        for (Document d : read) {
            out.add(d.hasLabel() ? new Document(d.id(), d.text(), finalIndex[d.label()]) : d);
        }
        return out;
    }

    private static boolean isNonNegativeInteger(String f) {
        if (f.isEmpty()) {
            return false;
        }
        for (int i = 0; i < f.length(); i++) {
            if (f.charAt(i) < '0' || f.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value of a non-negative integer field, or null when it is not one or does not fit an int. */
    private static Integer integer(String f) {
        if (!isNonNegativeInteger(f)) {
            return null;
        }
        try {
            return Integer.parseInt(f);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
