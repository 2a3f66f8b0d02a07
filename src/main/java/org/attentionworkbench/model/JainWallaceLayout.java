package org.attentionworkbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.text.Tokenization;

/**
 * Jain &amp; Wallace's (2019) BiLSTM with tanh attention, as the state dicts of their encoder and
 * decoder name it (docs/import.md): {@code embedding.weight} [V, D]; {@code rnn.weight_ih_l0} [4H, D],
 * {@code rnn.weight_hh_l0} [4H, H], {@code rnn.bias_ih_l0} and {@code rnn.bias_hh_l0} [4H], and the
 * same with {@code _reverse}; {@code attention.attn1.weight} [A, 2H] and {@code .bias} [A] (the tanh
 * layer), {@code attention.attn2.weight} [1, A] (no bias); {@code linear_1.weight} [C, 2H] and
 * {@code .bias} [C]. The sizes are read from the shapes.
 *
 * <p>The mapping is exact, not approximate:
 * <ul>
 *   <li>PyTorch's LSTM stacks its gates i, f, g, o; {@link BiLstmEncoder} keeps i, f, o, g, and
 *       multiplies inputs from the right ({@code x Wx}), so each weight is transposed with its last
 *       two gate blocks swapped. PyTorch adds two biases, b_ih + b_hh; the workbench has one, their sum.
 *   <li>Their tanh attention, {@code attn2(tanh(attn1(h)))}, is the workbench's {@code tanh(h W + b) v}
 *       with W = attn1.weight^T, b = attn1.bias, v = attn2.weight^T.
 *   <li>Their binary decoder is one logit z with a sigmoid. Two classes with logits [0, z] give
 *       softmax([0, z]) = [1 - sigmoid(z), sigmoid(z)] exactly, so out.W = [0 | w^T] and
 *       out.b = [0 | b]: class 1 is their positive class. With C &gt; 1 outputs (their multi-class
 *       decoder, a softmax) out.W = linear_1.weight^T, out.b = linear_1.bias.
 * </ul>
 */
final class JainWallaceLayout implements ImportLayout {

    static final String ID = "jain-wallace";
    /** Where PyTorch keeps our gate q (i, f, o, g) among its own (i, f, g, o). */
    private static final int[] TORCH_GATE = {0, 1, 3, 2};
    /** The documented default of {@code max_length}: unknown for a model trained elsewhere. */
    static final int DEFAULT_MAX_LENGTH = 10_000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mapped map(SafetensorsFile f, JsonNode json, Path configPath) {
        long[] emb = ImportLayout.require(f, ID, "embedding.weight").shape();
        if (emb.length != 2) throw ImportLayout.refused(f, "embedding.weight is not a matrix [V, D]");
        long v = emb[0];
        long d = emb[1];
        List<String> used = new ArrayList<>();
        used.add("embedding.weight");
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("emb", f.values("embedding.weight"));
        Encoded enc;
        if (f.entries().containsKey("rnn.weight_ih_l0")) {
            enc = lstm(f, d, used, out);
        } else if (f.entries().keySet().stream().anyMatch(k -> k.startsWith("convolutions."))) {
            enc = cnn(f, json, configPath, d, used, out);
        } else if (f.entries().containsKey("projection.weight")) {
            enc = average(f, json, configPath, d, used, out);
        } else {
            throw ImportLayout.refused(f, "it has no encoder the " + ID + " layout knows: rnn.* (BiLSTM),"
                    + " convolutions.N.* (CNN) or projection.* (average)");
        }
        long fw = enc.width();
        // Their TanhAttention has attn1 (with bias) and attn2; their DotAttention only attn1 [1, F], no bias.
        AttentionScore score = f.entries().containsKey("attention.attn2.weight") ? AttentionScore.TANH
                : AttentionScore.DOT;
        long a;
        if (score == AttentionScore.TANH) {
            long[] attn1 = ImportLayout.require(f, ID, "attention.attn1.weight").shape();
            if (attn1.length != 2) throw ImportLayout.refused(f, "attention.attn1.weight is not a matrix [A, F]");
            a = attn1[0];
            used.add(req(f, "attention.attn1.weight", a, fw));
            used.add(req(f, "attention.attn1.bias", a));
            used.add(req(f, "attention.attn2.weight", 1, a));
            out.put("att.W", transposed(f.values("attention.attn1.weight"), (int) a, (int) fw));
            out.put("att.b", f.values("attention.attn1.bias"));
            out.put("att.v", f.values("attention.attn2.weight")); // [1, A] and [A, 1]: the same values in order
        } else {
            a = 1; // not used by dot attention
            used.add(req(f, "attention.attn1.weight", 1, fw));
            out.put("att.w", f.values("attention.attn1.weight")); // [1, F] and [F, 1]: the same values
        }
        long[] lin = ImportLayout.require(f, ID, "linear_1.weight").shape();
        if (lin.length != 2) throw ImportLayout.refused(f, "linear_1.weight is not a matrix [C, F]");
        long c = lin[0];
        used.add(req(f, "linear_1.weight", c, fw));
        used.add(req(f, "linear_1.bias", c));
        ImportLayout.noOthers(f, ID, used);

        int classes = (int) Math.max(2, Math.min(c, Integer.MAX_VALUE));
        List<String> labels = labels(json, configPath, classes, c == 1);
        ModelConfig config;
        try {
            config = new ModelConfig(enc.type(), toInt(v), toInt(d), toInt(enc.hidden()), enc.kernels(), toInt(a),
                    classes, maxLength(json, configPath))
                    .withAttentionScore(score).withTokenization(tokenization(json, configPath));
        } catch (IllegalArgumentException e) {
            throw ImportLayout.refused(f, "its sizes do not fit the workbench: " + e.getMessage());
        }
        double[] w = transposed(f.values("linear_1.weight"), (int) c, (int) fw);
        double[] bias = f.values("linear_1.bias");
        if (c == 1) {
            double[] w2 = new double[2 * (int) fw];
            for (int i = 0; i < fw; i++) w2[2 * i + 1] = w[i];
            out.put("out.W", w2);
            out.put("out.b", new double[] {0, bias[0]});
        } else {
            out.put("out.W", w);
            out.put("out.b", bias);
        }
        return new Mapped(config, out, labels, null, ImportLayout.dataTypeOf(f));
    }

    /** What an encoder mapping found: our encoder, its hidden size, CNN widths and output width F. */
    private record Encoded(EncoderType type, long hidden, List<Integer> kernels, long width) { }

    /** Their EncoderRNN: one bidirectional nn.LSTM layer. */
    private static Encoded lstm(SafetensorsFile f, long d, List<String> used, Map<String, double[]> out) {
        long[] wih = ImportLayout.require(f, ID, "rnn.weight_ih_l0").shape();
        if (wih.length != 2 || wih[0] % 4 != 0 || wih[0] == 0) {
            throw ImportLayout.refused(f, "rnn.weight_ih_l0 is not an LSTM's input weight [4H, D]");
        }
        long h = wih[0] / 4;
        for (String sfx : new String[] {"", "_reverse"}) {
            used.add(req(f, "rnn.weight_ih_l0" + sfx, 4 * h, d));
            used.add(req(f, "rnn.weight_hh_l0" + sfx, 4 * h, h));
            used.add(req(f, "rnn.bias_ih_l0" + sfx, 4 * h));
            used.add(req(f, "rnn.bias_hh_l0" + sfx, 4 * h));
        }
        String[] ours = {"fw", "bw"};
        String[] theirs = {"", "_reverse"};
        int hh = (int) h;
        for (int k = 0; k < 2; k++) {
            out.put("lstm." + ours[k] + ".Wx", gatesTransposed(f.values("rnn.weight_ih_l0" + theirs[k]), hh, (int) d));
            out.put("lstm." + ours[k] + ".Wh", gatesTransposed(f.values("rnn.weight_hh_l0" + theirs[k]), hh, hh));
            double[] bih = f.values("rnn.bias_ih_l0" + theirs[k]);
            double[] bhh = f.values("rnn.bias_hh_l0" + theirs[k]);
            double[] b = new double[4 * hh];
            for (int q = 0; q < 4; q++) {
                for (int j = 0; j < hh; j++) b[q * hh + j] = bih[TORCH_GATE[q] * hh + j] + bhh[TORCH_GATE[q] * hh + j];
            }
            out.put("lstm." + ours[k] + ".b", b);
        }
        return new Encoded(EncoderType.BILSTM, h, List.of(), 2 * h);
    }

    /**
     * Their EncoderCNN: {@code convolutions.N} = nn.Conv1d(D, H, k_N, padding=(k_N - 1) // 2), run in
     * the order of the keys sorted as strings (their {@code sorted(self.convolutions.keys())}), ReLU,
     * concatenated. Conv1d's weight [H, D, k] holds tap j of input channel d for filter h; the
     * workbench's cnn.W{k} [k D, H] multiplies the input shifted by j - (k - 1) / 2 with rows
     * j D .. j D + D - 1, the same taps. Even widths are refused: their padding then shortens the
     * output by one position, which their own concatenation and masks cannot take; so are two
     * convolutions of one width (the workbench names a convolution by its width).
     */
    private static Encoded cnn(SafetensorsFile f, JsonNode json, Path configPath, long d, List<String> used,
                               Map<String, double[]> out) {
        activation(json, configPath, "relu", "CNN");
        List<String> keys = new ArrayList<>();
        for (String name : f.entries().keySet()) {
            java.util.regex.Matcher m = CONV.matcher(name);
            if (m.matches() && m.group(2).equals("weight")) keys.add(m.group(1));
        }
        if (keys.isEmpty()) throw ImportLayout.refused(f, "it has convolutions.* tensors but no convolutions.N.weight");
        java.util.Collections.sort(keys); // as strings, as their forward pass orders them
        long h = -1;
        List<Integer> widths = new ArrayList<>();
        for (String key : keys) {
            String name = "convolutions." + key + ".weight";
            long[] s = f.entries().get(name).shape();
            if (s.length != 3) throw ImportLayout.refused(f, name + " is not a Conv1d weight [H, D, k]");
            if (h < 0) h = s[0];
            used.add(req(f, name, h, d, s[2]));
            used.add(req(f, "convolutions." + key + ".bias", h));
            if (s[2] > ModelConfig.MAX_KERNEL_WIDTH || s[2] < 1) {
                throw ImportLayout.refused(f, name + " has kernel width " + s[2] + "; the workbench reads widths 1 to "
                        + ModelConfig.MAX_KERNEL_WIDTH);
            }
            int k = (int) s[2];
            if (k % 2 == 0) {
                throw ImportLayout.refused(f, name + " has the even kernel width " + k + ": with their padding (k - 1) // 2"
                        + " it gives one position fewer than the text, which their model cannot concatenate or mask;"
                        + " only odd widths are read");
            }
            if (widths.contains(k)) {
                throw ImportLayout.refused(f, "two of its convolutions have kernel width " + k
                        + "; the workbench has one convolution per width");
            }
            widths.add(k);
            double[] wt = f.values(name); // [H, D, k]
            int hh = (int) h;
            int dd = (int) d;
            double[] ours = new double[k * dd * hh];
            for (int o = 0; o < hh; o++) {
                for (int c = 0; c < dd; c++) {
                    for (int j = 0; j < k; j++) ours[(j * dd + c) * hh + o] = wt[(o * dd + c) * k + j];
                }
            }
            out.put("cnn.W" + k, ours);
            out.put("cnn.b" + k, f.values("convolutions." + key + ".bias"));
        }
        if (widths.size() > ModelConfig.MAX_KERNELS) {
            throw ImportLayout.refused(f, "it has " + widths.size() + " convolutions; the workbench reads at most "
                    + ModelConfig.MAX_KERNELS);
        }
        return new Encoded(EncoderType.CNN, h, widths, h * widths.size());
    }

    /** Their EncoderAverage with {@code projection=True}: h = activation(projection(e)), tanh in their configurations. */
    private static Encoded average(SafetensorsFile f, JsonNode json, Path configPath, long d, List<String> used,
                                   Map<String, double[]> out) {
        activation(json, configPath, "tanh", "average");
        long[] p = f.entries().get("projection.weight").shape();
        if (p.length != 2) throw ImportLayout.refused(f, "projection.weight is not a matrix [H, D]");
        long h = p[0];
        used.add(req(f, "projection.weight", h, d));
        used.add(req(f, "projection.bias", h));
        out.put("avg.W", transposed(f.values("projection.weight"), (int) h, (int) d));
        out.put("avg.b", f.values("projection.bias"));
        return new Encoded(EncoderType.AVERAGE, h, List.of(), h);
    }

    private static final java.util.regex.Pattern CONV = java.util.regex.Pattern.compile("convolutions\\.([^.]+)\\.(weight|bias)");

    /**
     * CONFIG.json's {@code activation} of the encoder: their configurations use ReLU for the CNN and
     * tanh for the average encoder, which are the workbench's; another one is refused, not approximated.
     */
    private static void activation(JsonNode json, Path configPath, String ours, String encoder) {
        JsonNode a = json.get("activation");
        if (a == null) return;
        if (!a.isTextual() || !a.asText().equals(ours)) {
            throw new ModelArchiveException("cannot import " + configPath + ": its activation '"
                    + SafetensorsFile.printable(a.asText()) + "' is not the workbench's " + encoder + " activation ("
                    + ours + "), and another one would give other outputs");
        }
    }

    /** CONFIG.json's {@code tokenizer}: {@code jain-wallace} (their preprocessing, the default) or {@code workbench}. */
    private static Tokenization tokenization(JsonNode json, Path configPath) {
        return tokenization(json, configPath, Tokenization.JAIN_WALLACE);
    }

    /** CONFIG.json's {@code tokenizer}, {@code jain-wallace} or {@code workbench}; {@code absent} when it has none. */
    static Tokenization tokenization(JsonNode json, Path configPath, Tokenization absent) {
        JsonNode t = json.get("tokenizer");
        if (t == null) return absent;
        try {
            if (!t.isTextual()) throw new IllegalArgumentException("not a string");
            return Tokenization.parse(t.asText());
        } catch (IllegalArgumentException e) {
            throw new ModelArchiveException("cannot import " + configPath + ": its tokenizer '"
                    + SafetensorsFile.printable(t.asText()) + "' is not jain-wallace or workbench");
        }
    }

    private static String req(SafetensorsFile f, String name, long... shape) {
        ImportLayout.require(f, ID, name, shape);
        return name;
    }

    /** A PyTorch LSTM weight [4H, K] (gates i f g o) as the workbench's [K, 4H] (gates i f o g). */
    static double[] gatesTransposed(double[] torch, int h, int k) {
        double[] out = new double[k * 4 * h];
        for (int q = 0; q < 4; q++) {
            for (int j = 0; j < h; j++) {
                int row = TORCH_GATE[q] * h + j;
                for (int i = 0; i < k; i++) out[i * 4 * h + q * h + j] = torch[row * k + i];
            }
        }
        return out;
    }

    /** [r, c] row-major to [c, r] row-major. */
    static double[] transposed(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("a size of " + v + " is far too large");
        return (int) v;
    }

    /** CONFIG.json's {@code labels}: C names (two for the binary decoder: negative class first). */
    static List<String> labels(JsonNode json, Path configPath, int classes, boolean binary) {
        JsonNode l = json.get("labels");
        if (l == null || !l.isArray() || l.size() != classes) {
            throw new ModelArchiveException("cannot import " + configPath + ": it needs \"labels\", a list of "
                    + classes + " class names" + (binary ? " (the binary decoder's: the class of sigmoid < 0.5 first)" : "")
                    + (l != null && l.isArray() ? ", not " + l.size() : ""));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : l) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new ModelArchiveException("cannot import " + configPath + ": its labels must be non-empty strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    static int maxLength(JsonNode json, Path configPath) {
        JsonNode m = json.get("max_length");
        if (m == null) return DEFAULT_MAX_LENGTH;
        if (!m.isIntegralNumber() || !m.canConvertToInt()) {
            throw new ModelArchiveException("cannot import " + configPath + ": its max_length is not a whole number");
        }
        return m.asInt();
    }
}
