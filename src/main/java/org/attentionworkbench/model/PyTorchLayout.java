package org.attentionworkbench.model;

import org.attentionworkbench.text.Tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A plain PyTorch model whose modules CONFIG.json names (docs/import.md, layout {@code "pytorch"}):
 * an {@code nn.Embedding}, one encoder (an {@code nn.LSTM(bidirectional=True, batch_first=True)},
 * a list of {@code nn.Conv1d} with "same" padding and ReLU, or an {@code nn.Linear} with tanh, the
 * average/MLP encoder), additive attention {@code v(tanh(W(h)))} of two {@code nn.Linear}s, and an
 * output {@code nn.Linear}. CONFIG.json's {@code "map"} gives each role its module's name, the prefix
 * of its state-dict keys; the suffixes ({@code weight}, {@code bias}, {@code weight_ih_l0}, ...,
 * {@code _reverse}) are PyTorch's own:
 *
 * <pre>{"layout": "pytorch", "labels": ["negative", "positive"],
 *  "map": {"embedding": "emb", "lstm": "encoder.rnn", "attention.W": "att.proj",
 *          "attention.v": "att.score", "decoder": "fc"}}</pre>
 *
 * <p>with {@code "conv": ["convs.0", "convs.1"]} or {@code "average": "proj"} in place of
 * {@code "lstm"}. Sizes are read from the shapes, each shape checked against the others.
 *
 * <p>The mapping is exact:
 * <ul>
 *   <li>{@code nn.LSTM}: as in {@link JainWallaceLayout} (gates i, f, g, o reordered to the
 *       workbench's i, f, o, g; weights transposed; the two biases summed).
 *   <li>{@code nn.Conv1d} weight [H, D, k] (out, in, kernel): the workbench's {@code cnn.W{k}} is
 *       [k D, H] with row {@code j D + i} holding weight[:, i, j], which is what PyTorch's
 *       cross-correlation with padding (k - 1) / 2 applies to input position t + j - (k - 1) / 2.
 *   <li>{@code nn.Linear} weight [out, in]: transposed, since the workbench multiplies from the
 *       right ({@code h W + b}).
 *   <li>A bias of the attention's score layer adds one constant to every score, which softmax
 *       removes: it is read and left out, and the attention is the same to the last bit of maths.
 *   <li>A single-logit decoder (sigmoid) becomes two classes with logits [0, z], as in
 *       {@link JainWallaceLayout}: softmax([0, z]) = [1 - sigmoid(z), sigmoid(z)].
 * </ul>
 *
 * <p>A role without a module, a module without one of its tensors, a tensor of another shape than
 * the others imply, and a tensor no role uses are refused, each naming the tensor (and the expected
 * and found shape).
 */
final class PyTorchLayout implements ImportLayout {

    static final String ID = "pytorch";

    /** The roles of CONFIG.json's map, and what each names (for messages). */
    private static final Map<String, String> ROLES = roles();

    private static Map<String, String> roles() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("embedding", "the nn.Embedding");
        r.put("lstm", "the encoder's nn.LSTM(bidirectional=True)");
        r.put("conv", "the encoder's nn.Conv1d modules, one per kernel width, as a list");
        r.put("average", "the average (MLP) encoder's nn.Linear, followed by tanh");
        r.put("attention.W", "the attention's first nn.Linear (followed by tanh)");
        r.put("attention.v", "the attention's score nn.Linear (to 1 output)");
        r.put("attention.dot", "instead of attention.W and attention.v: dot-product attention's nn.Linear(F, 1,"
                + " bias=False), scores w . h_i / sqrt(F)");
        r.put("decoder", "the output nn.Linear");
        return r;
    }

    private static final List<String> ENCODERS = List.of("lstm", "conv", "average");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mapped map(SafetensorsFile f, JsonNode json, Path configPath) {
        Roles roles = Roles.read(json, configPath);
        roles.modulesNotTensors(f);
        Set<String> used = new LinkedHashSet<>();
        // Values are read only once the sizes have passed ModelConfig's limits (nothing is allocated from
        // an unchecked shape): each parameter is a supplier until then.
        Map<String, Supplier<double[]>> out = new LinkedHashMap<>();

        String embName = tensor(roles.single("embedding"), "weight");
        long[] emb = matrix(f, embName, "[V, D], nn.Embedding's weight");
        long v = emb[0];
        long d = emb[1];
        used.add(embName);
        out.put("emb", () -> f.values(embName));

        EncoderType encoder;
        long h;
        List<Integer> widths = new ArrayList<>();
        if (roles.has("lstm")) {
            encoder = EncoderType.BILSTM;
            h = lstm(f, roles.single("lstm"), d, used, out);
        } else if (roles.has("conv")) {
            encoder = EncoderType.CNN;
            h = conv(f, roles.list("conv"), d, widths, used, out);
        } else {
            encoder = EncoderType.AVERAGE;
            String w = tensor(roles.single("average"), "weight");
            h = matrix(f, w, "[H, D], nn.Linear's weight")[0];
            require(f, w, h, d);
            String b = require(f, tensor(roles.single("average"), "bias"), h);
            used.add(w);
            used.add(b);
            long hh = h;
            out.put("avg.W", () -> JainWallaceLayout.transposed(f.values(w), (int) hh, (int) d));
            out.put("avg.b", () -> f.values(b));
        }
        long width = switch (encoder) {
            case BILSTM -> 2 * h;
            case CNN -> h * widths.size();
            case AVERAGE -> h;
        };

        long a;
        AttentionScore score;
        if (roles.has("attention.dot")) {
            // Jain & Wallace's dot attention: one weight row, no bias, the score scaled by sqrt(F) in the network.
            score = AttentionScore.DOT;
            String attDot = require(f, tensor(roles.single("attention.dot"), "weight"), 1, width);
            String dotBias = tensor(roles.single("attention.dot"), "bias");
            if (f.entries().containsKey(dotBias)) {
                require(f, dotBias, 1); // one number added to every score: softmax is blind to it
                used.add(dotBias);
            }
            used.add(attDot);
            a = 1; // unused by a dot model, kept within ModelConfig's limits
            out.put("att.w", () -> f.values(attDot)); // [1, F] and [F, 1]: the same values in order
        } else {
            score = AttentionScore.TANH;
            String attW = tensor(roles.single("attention.W"), "weight");
            long aa = matrix(f, attW, "[A, " + width + "], nn.Linear's weight")[0];
            a = aa;
            require(f, attW, aa, width);
            String attB = require(f, tensor(roles.single("attention.W"), "bias"), aa);
            String attV = require(f, tensor(roles.single("attention.v"), "weight"), 1, aa);
            used.addAll(List.of(attW, attB, attV));
            String scoreBias = tensor(roles.single("attention.v"), "bias");
            if (f.entries().containsKey(scoreBias)) {
                require(f, scoreBias, 1); // read, checked and left out: softmax is blind to a shared constant
                used.add(scoreBias);
            }
            out.put("att.W", () -> JainWallaceLayout.transposed(f.values(attW), (int) aa, (int) width));
            out.put("att.b", () -> f.values(attB));
            out.put("att.v", () -> f.values(attV)); // [1, A] and [A, 1]: the same values in order
        }

        String decW = tensor(roles.single("decoder"), "weight");
        long c = matrix(f, decW, "[C, " + width + "], nn.Linear's weight")[0];
        require(f, decW, c, width);
        String decB = require(f, tensor(roles.single("decoder"), "bias"), c);
        used.add(decW);
        used.add(decB);

        noOthers(f, used);
        int classes = (int) Math.max(2, Math.min(c, Integer.MAX_VALUE));
        List<String> labels = JainWallaceLayout.labels(json, configPath, classes, c == 1);
        ModelConfig config;
        try {
            config = new ModelConfig(encoder, toInt(v), toInt(d), toInt(h), widths, toInt(a), classes,
                    JainWallaceLayout.maxLength(json, configPath)).withAttentionScore(score)
                    .withTokenization(JainWallaceLayout.tokenization(json, configPath, Tokenization.WORKBENCH));
        } catch (IllegalArgumentException e) {
            throw ImportLayout.refused(f, "its sizes do not fit the workbench: " + e.getMessage());
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        out.forEach((k, s) -> values.put(k, s.get()));
        decoder(JainWallaceLayout.transposed(f.values(decW), (int) c, (int) width), f.values(decB), (int) c,
                (int) width, values);
        return new Mapped(config, values, labels, null, ImportLayout.dataTypeOf(f));
    }

    /** nn.LSTM(bidirectional=True), one layer: both directions into lstm.fw.* and lstm.bw.*; returns H. */
    private static long lstm(SafetensorsFile f, String module, long d, Set<String> used,
                             Map<String, Supplier<double[]>> out) {
        String hh = tensor(module, "weight_hh_l0");
        long h = matrix(f, hh, "[4H, H], nn.LSTM's weight_hh_l0")[1];
        for (String stray : new String[] {"weight_ih_l1", "weight_hr_l0"}) {
            if (f.entries().containsKey(tensor(module, stray))) {
                throw ImportLayout.refused(f, "it holds " + tensor(module, stray) + ": "
                        + (stray.endsWith("l1") ? "an LSTM of several layers" : "an LSTM with proj_size")
                        + ", but the workbench's BiLSTM has one layer without projection");
            }
        }
        if (f.entries().containsKey(hh) && !f.entries().containsKey(hh + "_reverse")) {
            throw ImportLayout.refused(f, "it has no tensor " + hh + "_reverse, which the " + ID + " layout needs:"
                    + " the LSTM must be nn.LSTM(..., bidirectional=True)");
        }
        String[] ours = {"fw", "bw"};
        String[] theirs = {"", "_reverse"};
        for (int k = 0; k < 2; k++) {
            String wih = require(f, tensor(module, "weight_ih_l0" + theirs[k]), 4 * h, d);
            String whh = require(f, tensor(module, "weight_hh_l0" + theirs[k]), 4 * h, h);
            String bih = require(f, tensor(module, "bias_ih_l0" + theirs[k]), 4 * h);
            String bhh = require(f, tensor(module, "bias_hh_l0" + theirs[k]), 4 * h);
            used.addAll(List.of(wih, whh, bih, bhh));
            int hi = (int) h; // read after ModelConfig's check of H
            out.put("lstm." + ours[k] + ".Wx", () -> JainWallaceLayout.gatesTransposed(f.values(wih), hi, (int) d));
            out.put("lstm." + ours[k] + ".Wh", () -> JainWallaceLayout.gatesTransposed(f.values(whh), hi, hi));
            out.put("lstm." + ours[k] + ".b", () -> {
                double[] b = f.values(bih);
                double[] b2 = f.values(bhh);
                for (int i = 0; i < b.length; i++) b[i] += b2[i];
                // A bias [4H] is a weight with one input column: the same reordering of its gates.
                return JainWallaceLayout.gatesTransposed(b, hi, 1);
            });
        }
        return h;
    }

    /** nn.Conv1d modules, one per kernel width, into cnn.W{k} and cnn.b{k}; returns H (filters per width). */
    private static long conv(SafetensorsFile f, List<String> modules, long d, List<Integer> widths, Set<String> used,
                             Map<String, Supplier<double[]>> out) {
        long h = -1;
        for (String module : modules) {
            String w = tensor(module, "weight");
            long[] s = ImportLayout.require(f, ID, w).shape();
            if (s.length != 3) {
                throw ImportLayout.refused(f, "tensor " + w + " has shape " + Arrays.toString(s) + " but the " + ID
                        + " layout needs [H, " + d + ", k] here (nn.Conv1d's weight: out, in, kernel)");
            }
            if (h < 0) h = s[0];
            require(f, w, h, d, s[2]);
            String b = require(f, tensor(module, "bias"), h);
            if (s[2] > ModelConfig.MAX_KERNEL_WIDTH) {
                throw ImportLayout.refused(f, "tensor " + w + " is a convolution of width " + s[2] + ", wider than the "
                        + ModelConfig.MAX_KERNEL_WIDTH + " the workbench reads");
            }
            int k = (int) s[2];
            if (widths.contains(k)) {
                throw ImportLayout.refused(f, "tensor " + w + " is a second convolution of width " + k
                        + "; the workbench's CNN has one per width (concatenate their filters into one nn.Conv1d)");
            }
            widths.add(k);
            used.add(w);
            used.add(b);
            int hi = (int) h; // read after ModelConfig's check of H and D
            int di = (int) d;
            out.put("cnn.W" + k, () -> {
                double[] torch = f.values(w);
                double[] ours = new double[k * di * hi];
                for (int o = 0; o < hi; o++) {
                    for (int i = 0; i < di; i++) {
                        for (int j = 0; j < k; j++) ours[(j * di + i) * hi + o] = torch[(o * di + i) * k + j];
                    }
                }
                return ours;
            });
            out.put("cnn.b" + k, () -> f.values(b));
        }
        return h;
    }

    /**
     * An output nn.Linear (transposed weight [F, C], bias [C]) as out.W and out.b; a single logit
     * becomes two classes [0, z] (softmax([0, z]) = [1 - sigmoid(z), sigmoid(z)] exactly).
     */
    static void decoder(double[] w, double[] bias, int c, int width, Map<String, double[]> out) {
        if (c == 1) {
            double[] w2 = new double[2 * width];
            for (int i = 0; i < width; i++) w2[2 * i + 1] = w[i];
            out.put("out.W", w2);
            out.put("out.b", new double[] {0, bias[0]});
        } else {
            out.put("out.W", w);
            out.put("out.b", bias);
        }
    }

    /** The state-dict key of a module's tensor. */
    private static String tensor(String module, String suffix) {
        return module.isEmpty() ? suffix : module + "." + suffix;
    }

    /** A tensor that must be a matrix (it gives the sizes the others are checked against); its shape. */
    private static long[] matrix(SafetensorsFile f, String name, String what) {
        long[] s = ImportLayout.require(f, ID, name).shape();
        if (s.length != 2) {
            throw ImportLayout.refused(f, "tensor " + name + " has shape " + Arrays.toString(s) + " but the " + ID
                    + " layout needs " + what + " here");
        }
        return s;
    }

    private static String require(SafetensorsFile f, String name, long... shape) {
        ImportLayout.require(f, ID, name, shape);
        return name;
    }

    /** {@link ImportLayout#noOthers}, naming the modules the map gave so that a typo is easy to find. */
    private static void noOthers(SafetensorsFile f, Set<String> used) {
        for (String name : f.entries().keySet()) {
            if (!used.contains(name)) {
                throw ImportLayout.refused(f, "it holds a tensor '" + SafetensorsFile.printable(name) + "' that no"
                        + " module of the config's \"map\" uses (save only the model's state dict, or map the"
                        + " module it belongs to)");
            }
        }
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("a size of " + v + " is far too large");
        return (int) v;
    }

    /** CONFIG.json's {@code "map"}: role to module name, checked for unknown, missing and mistyped roles. */
    private record Roles(Map<String, JsonNode> map, Path configPath) {

        static Roles read(JsonNode json, Path configPath) {
            JsonNode m = json.get("map");
            if (m == null || !m.isObject()) {
                throw refused(configPath, "the pytorch layout needs \"map\", an object naming the module of each role: "
                        + String.join(", ", ROLES.keySet()) + " (docs/import.md)");
            }
            Map<String, JsonNode> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ROLES.containsKey(e.getKey())) {
                    throw refused(configPath, "its map has a role '" + SafetensorsFile.printable(e.getKey())
                            + "' the pytorch layout does not know (" + String.join(", ", ROLES.keySet()) + ")");
                }
                map.put(e.getKey(), e.getValue());
            }
            List<String> encoders = ENCODERS.stream().filter(map::containsKey).toList();
            if (encoders.size() != 1) {
                throw refused(configPath, "its map must name exactly one encoder, \"lstm\", \"conv\" or \"average\""
                        + (encoders.isEmpty() ? "" : ", not " + String.join(" and ", encoders)));
            }
            boolean dot = map.containsKey("attention.dot");
            if (dot && (map.containsKey("attention.W") || map.containsKey("attention.v"))) {
                throw refused(configPath, "its map names both dot-product attention (\"attention.dot\") and additive"
                        + " attention (\"attention.W\", \"attention.v\"): a model has one of them");
            }
            List<String> needed = dot ? List.of("embedding", "attention.dot", "decoder")
                    : List.of("embedding", "attention.W", "attention.v", "decoder");
            for (String role : needed) {
                if (!map.containsKey(role)) {
                    throw refused(configPath, "its map has no \"" + role + "\" (the name of " + ROLES.get(role) + ")");
                }
            }
            Roles r = new Roles(map, configPath);
            for (String role : map.keySet()) {
                if (role.equals("conv")) r.list(role); else r.single(role);
            }
            return r;
        }

        /**
         * Refuses a map that names a tensor ({@code "emb.weight"}) where a module ({@code "emb"}) is
         * meant: the commonest slip, told as such rather than as a missing {@code emb.weight.weight}.
         */
        void modulesNotTensors(SafetensorsFile f) {
            for (String role : map.keySet()) {
                for (String module : role.equals("conv") ? list(role) : List.of(single(role))) {
                    if (f.entries().containsKey(module)) {
                        int dot = module.lastIndexOf('.');
                        throw refused(configPath, "its map's \"" + role + "\" names the tensor '"
                                + SafetensorsFile.printable(module) + "' of " + f.path().getFileName()
                                + "; it must name the module" + (dot > 0 ? ", '" + SafetensorsFile.printable(
                                module.substring(0, dot)) + "'" : "") + " (its tensors' names without .weight, .bias, ...)");
                    }
                }
            }
        }

        boolean has(String role) {
            return map.containsKey(role);
        }

        /** The module name of a one-module role. */
        String single(String role) {
            JsonNode n = map.get(role);
            if (n == null || !n.isTextual()) {
                throw refused(configPath, "its map's \"" + role + "\" must be a module name (a string, the name of "
                        + ROLES.get(role) + "), not " + kind(n));
            }
            return n.asText();
        }

        /** The module names of a list role (a lone string is a list of one). */
        List<String> list(String role) {
            JsonNode n = map.get(role);
            if (n != null && n.isTextual()) return List.of(n.asText());
            List<String> out = new ArrayList<>();
            if (n != null && n.isArray() && !n.isEmpty()) {
                for (JsonNode e : n) {
                    if (!e.isTextual()) {
                        out = null;
                        break;
                    }
                    out.add(e.asText());
                }
                if (out != null) return out;
            }
            throw refused(configPath, "its map's \"" + role + "\" must be a non-empty list of module names (strings: "
                    + ROLES.get(role) + "), not " + kind(n));
        }

        private static String kind(JsonNode n) {
            if (n == null) return "nothing";
            return SafetensorsFile.printable(n.toString());
        }

        private static ModelArchiveException refused(Path configPath, String why) {
            return new ModelArchiveException("cannot import " + configPath + ": " + why);
        }
    }
}
