package org.attentionworkbench.data;

import java.util.ArrayList;
import java.util.List;

import org.attentionworkbench.text.Document;

/**
 * Matches the classes of a dataset to the classes of a model, the one rule every command and the
 * window use when a model meets labelled data:
 * <ol>
 *   <li>a dataset class whose name is one of the model's class names, ignoring case, is that class
 *       (a manifest split, or a user's file whose labels are names);</li>
 *   <li>otherwise a dataset class named by a non-negative integer is the model's class with that index
 *       (a user's {@code 0/1} file against a model whose classes are {@code neg, pos});</li>
 *   <li>anything else, and an index past the model's last class, is a mismatch. It is an error only
 *       when a document carries that label, and the error names the first such document (its id is
 *       {@code file:line} for line-based files).</li>
 * </ol>
 */
public final class ClassAlignment {

    private ClassAlignment() {
    }

    /**
     * For each class index of {@code data}, the model's class index, or -1 for a class that no
     * document carries and that the model lacks.
     *
     * @param data         the dataset as read
     * @param modelClasses the model's class names in class-index order
     * @param owner        whose classes they are, for the message: {@code "model sst2-bilstm"}
     * @throws DatasetException when a document's label matches no class of the model
     */
    public static int[] classMap(Dataset data, List<String> modelClasses, String owner)
            throws DatasetException {
        List<String> names = data.labels();
        int[] map = new int[names.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = modelClass(names.get(i), modelClasses);
        }
        for (Document d : data.documents()) {
            if (d.hasLabel() && map[d.label()] < 0) {
                throw mismatch(d, data.name(), names, modelClasses, owner);
            }
        }
        return map;
    }

    /**
     * One document of {@code data} with its label as the model's class index: for a command that uses
     * one document, so that a bad label elsewhere in the file does not stop it.
     *
     * @throws DatasetException when the document's label matches no class of the model
     */
    public static Document align(Document d, Dataset data, List<String> modelClasses, String owner)
            throws DatasetException {
        if (!d.hasLabel()) {
            return d;
        }
        int c = modelClass(data.labels().get(d.label()), modelClasses);
        if (c < 0) {
            throw mismatch(d, data.name(), data.labels(), modelClasses, owner);
        }
        return new Document(d.id(), d.text(), c);
    }

    private static DatasetException mismatch(Document d, String dataName, List<String> names, List<String> modelClasses,
                                             String owner) {
        return new DatasetException(d.id() + ": label \"" + LabelIndex.abbreviate(names.get(d.label()))
                + "\" is not a class of " + owner + ", which has " + describe(modelClasses)
                + "; labels must be class indices 0.." + (modelClasses.size() - 1) + " or class names (any case)"
                + subsetHint(dataName, names, modelClasses));
    }

    /**
     * When the model's classes are some of the data's (a model of 20 Newsgroups' sports groups meets
     * the whole split), how to read only those: the data spec's {@code +only-labels=} selection.
     */
    private static String subsetHint(String dataName, List<String> names, List<String> modelClasses) {
        for (String c : modelClasses) {
            if (names.stream().noneMatch(n -> n.strip().equalsIgnoreCase(c))) return "";
        }
        return "; to read only the model's classes, give the data as " + dataName + DataSelection.ONLY_LABELS
                + String.join(",", modelClasses);
    }

    /**
     * The dataset with the model's classes: every label renumbered to the model's class index, and the
     * model's class names as the dataset's labels.
     *
     * @param owner whose classes they are, for the message: {@code "model sst2-bilstm"}
     * @throws DatasetException when a document's label matches no class of the model
     */
    public static Dataset align(Dataset data, List<String> modelClasses, String owner) throws DatasetException {
        int[] map = classMap(data, modelClasses, owner);
        boolean identity = data.labels().equals(modelClasses);
        if (identity) {
            return data;
        }
        List<Document> out = new ArrayList<>(data.size());
        for (Document d : data.documents()) {
            out.add(d.hasLabel() ? new Document(d.id(), d.text(), map[d.label()]) : d);
        }
        return new Dataset(data.name(), modelClasses, out, data.skipped());
    }

    /** The model's class for one dataset class name, or -1. */
    /**
     * The model's class a user names by {@code name} under the rule above (its name, ignoring case,
     * else its index), or -1 when it names none: what {@code explain --target} and the window's class
     * picker read.
     */
    public static int classIndex(String name, List<String> modelClasses) {
        return modelClass(name, modelClasses);
    }

    static int modelClass(String name, List<String> modelClasses) {
        String n = name.strip();
        for (int c = 0; c < modelClasses.size(); c++) {
            if (modelClasses.get(c).equalsIgnoreCase(n)) {
                return c;
            }
        }
        if (!n.isEmpty() && n.chars().allMatch(ch -> ch >= '0' && ch <= '9') && n.length() < 10) {
            int index = Integer.parseInt(n);
            return index < modelClasses.size() ? index : -1;
        }
        return -1;
    }

    /** "0 = neg, 1 = pos". */
    static String describe(List<String> classes) {
        StringBuilder b = new StringBuilder("the classes ");
        for (int c = 0; c < classes.size(); c++) {
            if (c > 0) {
                b.append(", ");
            }
            b.append(c).append(" = ").append(classes.get(c));
        }
        return b.toString();
    }
}
