package org.attentionworkbench.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.attentionworkbench.text.Vocabulary;

/**
 * TEMPORARY STUB on branch {@code ui}: same signatures as the real archive on {@code main}; reads
 * {@code card.json} from a zip and fakes the network. Deleted before merging main.
 */
public final class ModelArchive {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelArchive() {
    }

    /** Reads only the card of an archive. */
    public static ModelCard readCard(Path archive) {
        if (!Files.isRegularFile(archive)) {
            throw new ModelArchiveException("model file not found: " + archive);
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry e = zip.getEntry("card.json");
            if (e == null) throw new ModelArchiveException(archive + " is not a workbench model (no card.json)");
            return JSON.readValue(zip.getInputStream(e), ModelCard.class);
        } catch (IOException ex) {
            throw new ModelArchiveException(archive + " is not a readable model archive: " + ex.getMessage(), ex);
        }
    }

    static AttentionModel load(Path archive) {
        ModelCard card = readCard(archive);
        Vocabulary vocab = Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK));
        ModelConfig config = new ModelConfig(EncoderType.AVERAGE, 2, 1, 1, List.of(), 1,
                card.labels().size(), 400);
        try {
            Thread.sleep(400); // pretend loading takes a while, as the real one does
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return new AttentionModel(vocab, new AttentionNetwork(config), card);
    }

    static void save(AttentionModel model, Path archive) {
        throw new UnsupportedOperationException("stub");
    }
}
