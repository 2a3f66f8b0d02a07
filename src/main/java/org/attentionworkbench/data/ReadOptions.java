package org.attentionworkbench.data;

import java.util.List;
import java.util.Objects;

/**
 * How a reader treats a file. Immutable; start from {@link #defaults()} and refine with the
 * {@code with*} methods.
 *
 * @param skipMalformed when true a malformed line is skipped and counted in {@link Dataset#skipped()};
 *                      when false (the default) it throws a {@link DatasetFormatException}.
 *                      File-level problems (missing, empty, binary) always throw.
 * @param labelNames    class names in class-index order (from a manifest); empty when unknown, in
 *                      which case readers derive names from the labels they see
 * @param split         keep only rows of this split (CSV {@code exp_split} column, aclImdb root
 *                      folder); null for no selection
 */
public record ReadOptions(boolean skipMalformed, List<String> labelNames, String split) {

    public ReadOptions {
        labelNames = List.copyOf(Objects.requireNonNull(labelNames, "labelNames"));
    }

    /** Strict reading, labels from the data, no split selection. */
    public static ReadOptions defaults() {
        return new ReadOptions(false, List.of(), null);
    }

    /** Default options except that malformed lines are skipped and counted. */
    public static ReadOptions skippingMalformed() {
        return defaults().withSkipMalformed(true);
    }

    public ReadOptions withSkipMalformed(boolean skip) {
        return new ReadOptions(skip, labelNames, split);
    }

    public ReadOptions withLabelNames(List<String> names) {
        return new ReadOptions(skipMalformed, names, split);
    }

    public ReadOptions withSplit(String splitName) {
        return new ReadOptions(skipMalformed, labelNames, splitName);
    }
}
