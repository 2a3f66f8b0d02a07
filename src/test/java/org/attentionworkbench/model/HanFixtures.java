package org.attentionworkbench.model;

import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/** A tiny BiLSTM/BiLSTM HAN archive for tests outside the model package (the window's tests). */
public final class HanFixtures {

    private HanFixtures() {
    }

    /** Writes {@link HanNetworkTest#tinyModel}'s HAN (vocabulary "the . ! café well-made w7..w39") to {@code archive}. */
    public static Path tinyArchive(Path archive) {
        HanNetworkTest.tinyModel(LevelEncoder.BILSTM, LevelEncoder.BILSTM, DataType.FLOAT).save(archive);
        return archive;
    }
}
