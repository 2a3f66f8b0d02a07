package org.attentionworkbench.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a model as a safetensors bundle ({@code workbench export}): {@code NAME.safetensors} with
 * every parameter under the workbench's own names in the network's type (F32, or F64 for a DOUBLE
 * network), {@code NAME.vocab.txt} (one token per line, in id order) and {@code NAME.config.json}
 * ({@code "layout": "workbench"}, the {@link ModelConfig} and the {@link ModelCard}). Each file is
 * written atomically. {@link ModelImport} reads the bundle back bit for bit.
 */
public final class ModelExport {

    private ModelExport() {
    }

    /**
     * The three files of a bundle.
     *
     * @param weights the safetensors file
     * @param vocab   the vocabulary beside it
     * @param config  the config beside it
     */
    public record Bundle(Path weights, Path vocab, Path config) {

        /** The bundle whose weights are {@code weights} (which must end in {@code .safetensors}). */
        public static Bundle of(Path weights) {
            String file = weights.getFileName().toString();
            if (!file.endsWith(".safetensors") || file.length() == ".safetensors".length()) {
                throw new IllegalArgumentException("the weights file's name must end in .safetensors, not '" + file + "'");
            }
            String stem = file.substring(0, file.length() - ".safetensors".length());
            return new Bundle(weights, weights.resolveSibling(stem + ".vocab.txt"),
                    weights.resolveSibling(stem + ".config.json"));
        }
    }

    /**
     * Writes {@code model} as the bundle of {@code weights}.
     *
     * @return the three files written
     * @throws IllegalArgumentException for a model whose attention another model imposes (not in a bundle)
     */
    public static Bundle write(AttentionModel model, Path weights) throws IOException {
        Bundle b = Bundle.of(weights);
        AttentionNetwork net = model.network();
        if (net.config().attention() == AttentionSource.FROZEN) {
            throw new IllegalArgumentException("model " + model.name() + " reads with the attention of "
                    + net.config().attentionFrom() + ", which a bundle cannot carry; export a model with its own attention");
        }
        boolean dbl = net.dataType() == DataType.DOUBLE;
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.parameters().asMap().entrySet()) {
            INDArray a = e.getValue().dup('c');
            // FLOAT values widened to double and narrowed back: exact, so the file is bit-identical.
            double[] v = a.castTo(DataType.DOUBLE).data().asDouble();
            tensors.put(e.getKey(), new SafetensorsWriter.Tensor(dbl ? SafetensorsDType.F64 : SafetensorsDType.F32,
                    a.shape(), v));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("producer", "attention-workbench");
        meta.put("layout", WorkbenchLayout.ID);
        meta.put("model", model.name());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("layout", WorkbenchLayout.ID);
        config.put("config", model.config());
        config.put("card", model.card());
        ModelArchive.writeAtomically(b.vocab(), vocabBytes(model.vocabulary().tokens()));
        ModelArchive.writeAtomically(b.config(), ModelArchive.JSON.writeValueAsBytes(config));
        ModelArchive.writeAtomically(b.weights(), SafetensorsWriter.bytes(tensors, meta));
        return b;
    }

    private static byte[] vocabBytes(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) sb.append(t).append('\n'); // Vocabulary tokens hold no line breaks (archive rule)
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
