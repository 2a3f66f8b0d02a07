package org.attentionworkbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * How the tensors of a safetensors file map onto the workbench's network: one implementation per
 * naming scheme (the workbench's own names, Jain &amp; Wallace's state dicts). A layout reads the
 * sizes from the tensors' shapes, checks every shape, and returns the parameters under the
 * workbench's names ({@link AttentionNetwork#parameterShapes}).
 */
interface ImportLayout {

    /** The name CONFIG.json gives the layout ({@code "layout": ...}). */
    String id();

    /**
     * Maps the file's tensors.
     *
     * @param weights    the checked safetensors file
     * @param config     CONFIG.json's object
     * @param configPath CONFIG.json's path, for messages
     * @throws ModelArchiveException naming the file and what does not fit the layout
     */
    Mapped map(SafetensorsFile weights, JsonNode config, Path configPath);

    /**
     * What a layout made of a file.
     *
     * @param config   the network's shape
     * @param values   every parameter by the workbench's name, row-major in its shape
     * @param labels   class names in class order
     * @param card     the card the file carried (the workbench layout), or null
     * @param dataType the type the network computes in
     */
    record Mapped(ModelConfig config, Map<String, double[]> values, List<String> labels, ModelCard card,
                  DataType dataType) {
    }

    /** The layouts the workbench reads, by {@link #id()}. */
    static List<ImportLayout> all() {
        return List.of(new WorkbenchLayout(), new JainWallaceLayout(), new PyTorchLayout());
    }

    /** The layout named {@code id}, or null. */
    static ImportLayout named(String id) {
        return all().stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
    }

    /** FLOAT unless every tensor is F64 (then DOUBLE: nothing is rounded). */
    static DataType dataTypeOf(SafetensorsFile f) {
        boolean allDouble = !f.entries().isEmpty()
                && f.entries().values().stream().allMatch(e -> e.dtype() == SafetensorsDType.F64);
        return allDouble ? DataType.DOUBLE : DataType.FLOAT;
    }

    /** The entry {@code name}, refused when missing or of another shape than {@code shape}. */
    static SafetensorsFile.Entry require(SafetensorsFile f, String layout, String name, long... shape) {
        SafetensorsFile.Entry e = require(f, layout, name);
        if (!Arrays.equals(e.shape(), shape)) {
            throw refused(f, "tensor " + name + " has shape " + Arrays.toString(e.shape()) + " but the " + layout
                    + " layout needs " + Arrays.toString(shape) + " here");
        }
        return e;
    }

    /** The entry {@code name}, refused when missing. */
    static SafetensorsFile.Entry require(SafetensorsFile f, String layout, String name) {
        SafetensorsFile.Entry e = f.entries().get(name);
        if (e == null) throw refused(f, "it has no tensor " + name + ", which the " + layout + " layout needs");
        return e;
    }

    /** Refuses a file holding a tensor the layout does not use (a wrong layout, or a model of another kind). */
    static void noOthers(SafetensorsFile f, String layout, java.util.Collection<String> used) {
        for (String name : f.entries().keySet()) {
            if (!used.contains(name)) {
                throw refused(f, "it holds a tensor '" + SafetensorsFile.printable(name) + "' that the " + layout
                        + " layout has no use for (another layout, or a model of another kind?)");
            }
        }
    }

    static ModelArchiveException refused(SafetensorsFile f, String why) {
        return new ModelArchiveException("cannot import " + f.path() + ": " + why);
    }
}
