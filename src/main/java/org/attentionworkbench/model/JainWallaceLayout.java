package org.attentionworkbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        long[] wih = ImportLayout.require(f, ID, "rnn.weight_ih_l0").shape();
        if (wih.length != 2 || wih[0] % 4 != 0 || wih[0] == 0) {
            throw ImportLayout.refused(f, "rnn.weight_ih_l0 is not an LSTM's input weight [4H, D]");
        }
        long h = wih[0] / 4;
        List<String> used = new ArrayList<>();
        for (String sfx : new String[] {"", "_reverse"}) {
            used.add(req(f, "rnn.weight_ih_l0" + sfx, 4 * h, d));
            used.add(req(f, "rnn.weight_hh_l0" + sfx, 4 * h, h));
            used.add(req(f, "rnn.bias_ih_l0" + sfx, 4 * h));
            used.add(req(f, "rnn.bias_hh_l0" + sfx, 4 * h));
        }
        long[] attn1 = ImportLayout.require(f, ID, "attention.attn1.weight").shape();
        if (attn1.length != 2) throw ImportLayout.refused(f, "attention.attn1.weight is not a matrix [A, 2H]");
        long a = attn1[0];
        used.add(req(f, "attention.attn1.weight", a, 2 * h));
        used.add(req(f, "attention.attn1.bias", a));
        used.add(req(f, "attention.attn2.weight", 1, a));
        long[] lin = ImportLayout.require(f, ID, "linear_1.weight").shape();
        if (lin.length != 2) throw ImportLayout.refused(f, "linear_1.weight is not a matrix [C, 2H]");
        long c = lin[0];
        used.add(req(f, "linear_1.weight", c, 2 * h));
        used.add(req(f, "linear_1.bias", c));
        used.add("embedding.weight");
        ImportLayout.noOthers(f, ID, used);

        int classes = (int) Math.max(2, Math.min(c, Integer.MAX_VALUE));
        List<String> labels = labels(json, configPath, classes, c == 1);
        ModelConfig config;
        try {
            config = new ModelConfig(EncoderType.BILSTM, toInt(v), toInt(d), toInt(h), List.of(), toInt(a), classes,
                    maxLength(json, configPath));
        } catch (IllegalArgumentException e) {
            throw ImportLayout.refused(f, "its sizes do not fit the workbench: " + e.getMessage());
        }

        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("emb", f.values("embedding.weight"));
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
        out.put("att.W", transposed(f.values("attention.attn1.weight"), (int) a, 2 * hh));
        out.put("att.b", f.values("attention.attn1.bias"));
        out.put("att.v", f.values("attention.attn2.weight")); // [1, A] and [A, 1]: the same values in order
        double[] w = transposed(f.values("linear_1.weight"), (int) c, 2 * hh);
        double[] bias = f.values("linear_1.bias");
        if (c == 1) {
            double[] w2 = new double[2 * 2 * hh];
            for (int i = 0; i < 2 * hh; i++) w2[2 * i + 1] = w[i];
            out.put("out.W", w2);
            out.put("out.b", new double[] {0, bias[0]});
        } else {
            out.put("out.W", w);
            out.put("out.b", bias);
        }
        return new Mapped(config, out, labels, null, ImportLayout.dataTypeOf(f));
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
