package org.attentionworkbench.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionworkbench.data.BuildInfo;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds a model from a safetensors bundle: the weights, a vocabulary file (one token per line, in
 * id order) and CONFIG.json, whose {@code "layout"} says how the tensors are named
 * ({@link WorkbenchLayout}, {@link JainWallaceLayout}, {@link PyTorchLayout}; docs/import.md). The model's card records
 * where it came from: the layout and each file's name and SHA-256.
 *
 * <p>Every input is untrusted and checked before anything is allocated from it (the safetensors
 * header by {@link SafetensorsFile}, sizes by {@link ModelConfig}'s limits, shapes by the layout);
 * a weight that is not a finite number is refused, as in a model archive.
 */
public final class ModelImport {

    /** Lines 0 and 1 of a vocabulary file: padding and the unknown word, spelled as common toolkits spell them ({@code <0>}: Jain &amp; Wallace's vectorizer). */
    private static final Set<String> PAD_NAMES = Set.of("<pad>", "<PAD>", "[PAD]", "<blank>", "<PAD_TOKEN>", "<0>");
    private static final Set<String> UNK_NAMES = Set.of("<unk>", "<UNK>", "[UNK]", "<UNK_TOKEN>");

    private ModelImport() {
    }

    /**
     * An imported model and what it was made from.
     *
     * @param model  the model, ready to save as an archive
     * @param layout the layout's name
     */
    public record Imported(AttentionModel model, String layout) {
    }

    /**
     * Reads a safetensors bundle.
     *
     * @param name the model's name (its card's), e.g. the output archive's file name without .zip
     * @throws ModelArchiveException naming the file and what is wrong with it
     */
    public static Imported read(Path weights, Path vocab, Path config, String name) {
        JsonNode json = configJson(config);
        JsonNode layoutName = json.get("layout");
        List<String> known = ImportLayout.all().stream().map(ImportLayout::id).toList();
        if (layoutName == null || !layoutName.isTextual()) {
            throw new ModelArchiveException("cannot import " + config + ": it has no \"layout\" (one of "
                    + String.join(", ", known) + ")");
        }
        ImportLayout layout = ImportLayout.named(layoutName.asText());
        if (layout == null) {
            throw new ModelArchiveException("cannot import " + config + ": its layout '"
                    + SafetensorsFile.printable(layoutName.asText()) + "' is not one the workbench reads ("
                    + String.join(", ", known) + ")");
        }
        SafetensorsFile file = SafetensorsFile.read(weights);
        List<String> tokens = vocabTokens(vocab);
        ImportLayout.Mapped m = layout.map(file, json, config);
        if (tokens.size() != m.config().vocabSize()) {
            throw new ModelArchiveException("cannot import " + vocab + ": it has " + tokens.size() + " tokens but "
                    + weights.getFileName() + "'s embedding has " + m.config().vocabSize() + " rows");
        }
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.of(tokens);
        } catch (IllegalArgumentException e) {
            throw new ModelArchiveException("cannot import " + vocab + ": " + e.getMessage());
        }
        if (m.config().tokenization().markers()
                && !(vocabulary.contains(AttentionModel.SOS) && vocabulary.contains(AttentionModel.EOS))) {
            throw new ModelArchiveException("cannot import " + vocab + ": the " + m.config().tokenization().id()
                    + " tokenizer reads " + AttentionModel.SOS + " and " + AttentionModel.EOS + " around every text,"
                    + " but the vocabulary has no " + (vocabulary.contains(AttentionModel.SOS) ? AttentionModel.EOS
                    : AttentionModel.SOS) + " (set \"tokenizer\": \"workbench\" in " + config.getFileName()
                    + " to read texts without them)");
        }
        ParameterSet params = parameters(file, m);
        Map<String, Object> imported = new LinkedHashMap<>();
        imported.put("layout", layout.id());
        imported.put("attention_score", m.config().attentionScore().id());
        imported.put("tokenization", m.config().tokenization().id());
        imported.put("weights", fileRecord(weights));
        imported.put("vocab", fileRecord(vocab));
        imported.put("config", fileRecord(config));
        imported.put("metadata", file.metadata());
        imported.put("imported_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        imported.put("app_version", BuildInfo.appVersion());
        ModelCard card = (m.card() != null ? renamed(m.card(), name) : newCard(m, name, json, weights))
                .withImported(imported);
        AttentionNetwork net = new AttentionNetwork(m.config(), params, m.dataType());
        return new Imported(new AttentionModel(vocabulary, net, card), layout.id());
    }

    private static JsonNode configJson(Path config) {
        byte[] bytes = bounded(config, ModelArchive.MAX_JSON_BYTES, "config");
        JsonNode json;
        try {
            json = ModelArchive.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ModelArchiveException("cannot import " + config + ": it is not valid JSON ("
                    + SafetensorsFile.printable(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new ModelArchiveException("could not read " + config + ": " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) throw new ModelArchiveException("cannot import " + config + ": it is not a JSON object");
        return json;
    }

    /**
     * The vocabulary file's tokens; lines 0 and 1 must be padding and the unknown word (under any
     * of their usual spellings) and become the workbench's own.
     */
    private static List<String> vocabTokens(Path vocab) {
        byte[] bytes = bounded(vocab, ModelArchive.MAX_VOCAB_BYTES, "vocabulary");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelArchiveException("cannot import " + vocab + ": it is not UTF-8 text");
        }
        List<String> tokens = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) tokens.remove(tokens.size() - 1);
        if (tokens.size() < 2 || !PAD_NAMES.contains(tokens.get(0)) || !UNK_NAMES.contains(tokens.get(1))) {
            throw new ModelArchiveException("cannot import " + vocab + ": its first two lines must be the padding"
                    + " token (<pad>, <PAD> or [PAD]) and the unknown word (<unk>, <UNK> or [UNK]), ids 0 and 1");
        }
        tokens.set(0, Vocabulary.PAD);
        tokens.set(1, Vocabulary.UNK);
        return tokens;
    }

    private static byte[] bounded(Path file, long limit, String what) {
        try {
            if (!Files.isRegularFile(file)) throw new ModelArchiveException(what + " file not found: " + file);
            long size = Files.size(file);
            if (size > limit) {
                throw new ModelArchiveException("cannot import " + file + ": it is " + size + " bytes, more than the "
                        + limit + " a " + what + " file may have");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelArchiveException(what + " file not found: " + file);
        } catch (IOException e) {
            throw new ModelArchiveException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The layout's values as the network's arrays, checked against the config's shapes and for finiteness. */
    private static ParameterSet parameters(SafetensorsFile file, ImportLayout.Mapped m) {
        ParameterSet p = new ParameterSet();
        for (Map.Entry<String, long[]> s : AttentionNetwork.parameterShapes(m.config()).entrySet()) {
            double[] v = m.values().get(s.getKey());
            long n = 1;
            for (long d : s.getValue()) n *= d; // within ModelConfig's limits: no overflow
            if (v == null || v.length != n) {
                throw new IllegalStateException("layout gave no " + s.getKey() + " of " + n + " values");
            }
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw ImportLayout.refused(file, "its weights for " + s.getKey() + " hold " + v[i] + " (value "
                            + (i + 1) + " of " + v.length + "), and a model with a weight that is not a finite number"
                            + " gives no usable output");
                }
            }
            p.put(s.getKey(), Nd4j.createFromArray(v).reshape(s.getValue()).castTo(m.dataType()));
        }
        return p;
    }

    private static Map<String, Object> fileRecord(Path file) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file.getFileName().toString());
        try {
            r.put("sha256", ModelArchive.fileSha256(file));
        } catch (IOException e) {
            throw new ModelArchiveException("could not read " + file + ": " + e.getMessage(), e);
        }
        return r;
    }

    private static ModelCard renamed(ModelCard c, String name) {
        return new ModelCard(name, c.dataset(), c.labels(), c.encoder(), c.embedding_dim(), c.hidden_size(),
                c.max_length(), c.vocab_size(), c.train_size(), c.dev_size(), c.test_size(), c.dev_accuracy(),
                c.test_accuracy(), c.test_macro_f1(), c.epochs(), c.train_seconds(), c.seed(), c.data_sha256(),
                c.created(), c.embeddings(), c.notes(), c.training(), c.app_version(), c.nd4j_version(), c.twin(),
                c.imported());
    }

    /** The card of a model trained elsewhere: its shape, no figures (never evaluated here). */
    private static ModelCard newCard(ImportLayout.Mapped m, String name, JsonNode json, Path weights) {
        ModelConfig c = m.config();
        String dataset = json.path("dataset").isTextual() ? json.get("dataset").asText() : "unknown (imported)";
        return new ModelCard(name, dataset, m.labels(), c.encoder().id(), c.embeddingDim(), c.hiddenSize(),
                c.maxLength(), c.vocabSize(), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "imported",
                "imported from " + weights.getFileName() + "; not evaluated by the workbench (run workbench evaluate)",
                null, BuildInfo.appVersion(), BuildInfo.nd4jVersion());
    }
}
