package org.attentionworkbench.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a label field to a class index. With known class names (from a manifest) the field must be an
 * integer in {@code 0..C-1} or one of the names; without them it must be a non-negative integer and
 * the class names become {@code "0".."max"}.
 */
final class LabelIndex {

    private final List<String> names;
    private int maxSeen = -1;

    LabelIndex(List<String> names) {
        this.names = names;
    }

    /** The class index of {@code field}, or -1 with {@code error[0]} set when it is not valid. */
    int parse(String field, String[] error) {
        String f = field.strip();
        int value;
        try {
            value = Integer.parseInt(f);
        } catch (NumberFormatException e) {
            int byName = names.indexOf(f);
            if (byName >= 0) {
                return byName;
            }
            error[0] = "label \"" + abbreviate(field) + "\" is not an integer"
                    + (names.isEmpty() ? "" : " or a class name " + names);
            return -1;
        }
        if (value < 0 || (!names.isEmpty() && value >= names.size())) {
            error[0] = "label " + value + " is out of range "
                    + (names.isEmpty() ? "(must be >= 0)" : "0.." + (names.size() - 1));
            return -1;
        }
        maxSeen = Math.max(maxSeen, value);
        return value;
    }

    /** The class names: the known ones, or "0".."max seen". */
    List<String> names() {
        if (!names.isEmpty()) {
            return names;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= maxSeen; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
