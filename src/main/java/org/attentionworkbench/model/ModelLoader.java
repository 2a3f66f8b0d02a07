package org.attentionworkbench.model;

import java.nio.file.Path;
import org.attentionworkbench.explain.AttentionClassifier;

/**
 * Opens a model archive (or a safetensors bundle, imported on the fly) as the {@link AttentionClassifier} the window and the audit work with: the
 * one place that knows which model family an archive holds (a flat network, or a hierarchical one seen
 * at its sentence level by {@link HanClassifier}), so nothing above this package names the ND4J-backed class.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * Loads a model archive.
     *
     * @throws ModelArchiveException with a user-facing message if the file is missing, corrupt,
     *                               truncated, foreign or of another format version
     */
    public static AttentionClassifier open(Path archive) {
        // A hierarchical model is shown at the sentence level, its word level beside (HanClassifier).
        if (HanModel.isHierarchical(archive)) return new HanClassifier(HanModel.load(archive));
        return load(archive);
    }

    /**
     * Loads a model archive or a safetensors bundle as the workbench's own network model, for the
     * commands that work with its card and network (predict, explain, evaluate, audit, bench,
     * export): the same reading as {@link #open}, so that every command takes what the window takes.
     *
     * @throws ModelArchiveException with a user-facing message if a file is missing (a bundle's
     *                               vocabulary or config named), corrupt, truncated or foreign
     */
    public static AttentionModel load(Path path) {
        if (isBundle(path)) return importBundle(path);
        return AttentionModel.load(path);
    }

    /** Whether a path names a safetensors bundle (weights, with NAME.vocab.txt and NAME.config.json beside). */
    public static boolean isBundle(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".safetensors");
    }

    /**
     * Reads a safetensors bundle (docs/import.md) as a model, without writing an archive: what
     * "Open model..." does with one.
     *
     * @throws ModelArchiveException if a file of the bundle is missing or malformed
     */
    static AttentionModel importBundle(Path weights) {
        ModelExport.Bundle b = ModelExport.Bundle.of(weights);
        for (Path p : new Path[] {b.weights(), b.vocab(), b.config()}) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new ModelArchiveException("cannot open " + weights.getFileName() + ": its bundle needs "
                        + p.getFileName() + " beside it (see docs/import.md)");
            }
        }
        String stem = weights.getFileName().toString().replaceFirst("\\.safetensors$", "");
        return ModelImport.read(b.weights(), b.vocab(), b.config(), stem).model();
    }
}
