package org.attentionworkbench.model;

import java.nio.file.Path;
import org.attentionworkbench.explain.AttentionClassifier;

/**
 * Opens a model archive as the {@link AttentionClassifier} the window and the audit work with: the
 * one place that knows which model family an archive holds (today every archive is a network
 * trained by {@code workbench train}), so nothing above this package names the ND4J-backed class.
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
        return AttentionModel.load(archive);
    }
}
