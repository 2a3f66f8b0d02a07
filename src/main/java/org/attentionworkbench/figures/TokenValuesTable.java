package org.attentionworkbench.figures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.data.Json;

/**
 * The per-token values of every method of an {@link Explanation} as one table: index, token,
 * attention, the adversarial attention (exact for two classes, else the published search), and
 * each computed saliency method (signed where the method is), LIME followed by its stability band
 * ({@code lime_spread}). Written as CSV or JSON.
 *
 * @param columns column names, starting with "index" and "token"
 * @param tokens  the tokens
 * @param values  per column after the first two, one value per token
 */
public record TokenValuesTable(List<String> columns, List<String> tokens, List<double[]> values) {

    public TokenValuesTable {
        columns = List.copyOf(columns);
        tokens = List.copyOf(tokens);
        values = values.stream().map(double[]::clone).toList();
    }

    /** The table of an explanation; sections not computed have no column. */
    public static TokenValuesTable of(Explanation e) {
        List<String> cols = new ArrayList<>(List.of("index", "token", "attention"));
        List<double[]> vals = new ArrayList<>();
        vals.add(e.document().attention());
        if (e.exactAdversary() != null) {
            cols.add("adversarial_exact");
            vals.add(e.exactAdversary().attention());
        }
        if (e.adversarial() != null) {
            cols.add("adversarial_search");
            vals.add(e.adversarial().epsilonMaxAttention());
        }
        for (SaliencyMethod m : SaliencyMethod.values()) {
            Saliency s = e.saliency().get(m);
            if (s == null) continue;
            cols.add(m.id());
            vals.add(s.scores());
            if (m == SaliencyMethod.LIME && e.lime() != null && e.lime().spread() != null) {
                cols.add("lime_spread"); // the stability band: sd of the weight over the reruns
                vals.add(e.lime().spread());
            }
        }
        return new TokenValuesTable(cols, e.document().tokens(), vals);
    }

    /** Number of tokens (rows). */
    public int size() {
        return tokens.size();
    }

    /** A header line and one line per token, RFC 4180 quoting. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (int i = 0; i < tokens.size(); i++) {
            sb.append(i).append(',').append(csvField(tokens.get(i)));
            for (double[] v : values) sb.append(',').append(number(v[i]));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code {"columns": [...], "tokens": [{"index":0,"token":"...","attention":...}, ...]}}. */
    public String toJson() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", i);
            row.put("token", tokens.get(i));
            for (int c = 0; c < values.size(); c++) {
                double v = values.get(c)[i];
                row.put(columns.get(c + 2), Double.isFinite(v) ? v : null);
            }
            rows.add(row);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("columns", columns);
        root.put("tokens", rows);
        try {
            return Json.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }
}
