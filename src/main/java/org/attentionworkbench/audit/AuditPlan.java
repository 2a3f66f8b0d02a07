package org.attentionworkbench.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.data.Json;

/**
 * What an audit computes: the models, the data, the sample and the explanation settings. Saved as
 * {@code audit.json} in the output folder; a re-run with the same folder must ask for the same
 * plan, so that resumed rows and new rows measure the same thing. The thread count is not part of
 * the plan: results do not depend on it.
 *
 * @param models         model names or archive paths, in run order
 * @param data           the dataset ({@code NAME[:SPLIT]} or a path)
 * @param limit          sample size; 0 = every document
 * @param sampleSeed     seed of the sample (the same seed gives the same documents)
 * @param sections       explanation sections computed for every document
 * @param seed           the explanation seed (permutations, adversarial starts, random rankings)
 * @param epsilon        the adversaries' output tolerance
 * @param quadraticLimit longest document for leave-one-out, occlusion and faithfulness (0 = no limit)
 * @param maxTokens      the most tokens of a document the models read ({@link TokenLimit}); a longer
 *                       document is audited on its first {@code maxTokens}
 * @param adversarialVariant optimiser and diversity weight of the adversarial search (it changes the rows)
 * @param groupBy        the class per-class statistics are grouped under: only the report depends on
 *                       it, so it is saved but not compared (see {@link #differences})
 */
public record AuditPlan(List<String> models, String data, int limit, long sampleSeed, Set<Section> sections,
                        long seed, double epsilon, int quadraticLimit, int maxTokens,
                        AdversarialSearch.Variant adversarialVariant, GroupBy groupBy) {

    /** The file name inside the output folder. */
    public static final String FILE_NAME = "audit.json";

    private static final ObjectMapper JSON = Json.mapper();

    public AuditPlan {
        models = List.copyOf(models);
        sections = Set.copyOf(Section.withPrerequisites(sections));
        if (models.isEmpty()) throw new IllegalArgumentException("an audit needs at least one model");
        if (limit < 0) throw new IllegalArgumentException("--limit must be >= 0");
        if (quadraticLimit < 0) throw new IllegalArgumentException("the quadratic limit must be >= 0");
        new TokenLimit(maxTokens); // checks the range
        if (adversarialVariant == null) throw new IllegalArgumentException("no adversarial variant");
        if (groupBy == null) throw new IllegalArgumentException("no grouping");
    }

    /** Every section, the literature's settings. */
    public static AuditPlan of(List<String> models, String data, int limit, long sampleSeed) {
        ExplainSettings d = ExplainSettings.defaults();
        return new AuditPlan(models, data, limit, sampleSeed, EnumSet.allOf(Section.class), d.seed(), d.epsilon(),
                d.quadraticLimit(), TokenLimit.MAX_TOKENS, d.adversarialVariant(), GroupBy.PREDICTED);
    }

    public AuditPlan withSections(Set<Section> s) {
        return new AuditPlan(models, data, limit, sampleSeed, s, seed, epsilon, quadraticLimit, maxTokens,
                adversarialVariant, groupBy);
    }

    public AuditPlan withAdversarialVariant(AdversarialSearch.Variant v) {
        return new AuditPlan(models, data, limit, sampleSeed, sections, seed, epsilon, quadraticLimit, maxTokens, v,
                groupBy);
    }

    public AuditPlan withGroupBy(GroupBy g) {
        return new AuditPlan(models, data, limit, sampleSeed, sections, seed, epsilon, quadraticLimit, maxTokens,
                adversarialVariant, g);
    }

    /** The long-text rule the models read the documents by. */
    public TokenLimit tokenLimit() {
        return new TokenLimit(maxTokens);
    }

    /** The explanation settings every document is run with. */
    public ExplainSettings explainSettings() {
        return ExplainSettings.defaults().withSeed(seed).withEpsilon(epsilon).withSections(sections)
                .withQuadraticLimit(quadraticLimit).withAdversarialVariant(adversarialVariant);
    }

    /**
     * The documents of a dataset of {@code size} documents this plan audits, ascending: all of
     * them, or {@code limit} drawn without replacement with {@link #sampleSeed}.
     */
    public int[] sample(int size) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) all[i] = i;
        if (limit == 0 || limit >= size) return all;
        Random random = new Random(sampleSeed);
        for (int i = 0; i < limit; i++) { // partial Fisher-Yates: the first `limit` are a uniform sample
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, limit);
        Arrays.sort(out);
        return out;
    }

    /** The plan as JSON-ready maps. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", models);
        m.put("data", data);
        m.put("limit", limit);
        m.put("sample_seed", sampleSeed);
        List<String> s = new ArrayList<>();
        for (Section x : Section.values()) if (sections.contains(x)) s.add(x.id());
        m.put("sections", s);
        m.put("seed", seed);
        m.put("epsilon", epsilon);
        m.put("quadratic_limit", quadraticLimit);
        m.put("max_tokens", maxTokens);
        m.put("adversarial_variant", adversarialVariant.id());
        m.put("group_by", groupBy.id());
        return m;
    }

    /** Writes {@code audit.json} into {@code dir}, atomically. */
    public void save(Path dir) throws IOException {
        ReportFile.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(toMap()));
    }

    /**
     * Writes {@code audit.json} with the provenance of the run writing it (versions, model archives'
     * sha256) under {@code provenance}. Only the plan is compared on resuming ({@link #differences}):
     * a resumed audit records the provenance of its latest run here, and every run's in
     * {@code runs.jsonl}.
     */
    public void save(Path dir, Provenance provenance) throws IOException {
        Map<String, Object> m = toMap();
        m.put("provenance", provenance.toMap());
        ReportFile.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(m));
    }

    /** The plan saved in {@code dir}, if any. */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<AuditPlan> load(Path dir) {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.exists(f)) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(fromMap(JSON.readValue(f.toFile(), Map.class)));
        } catch (IOException | RuntimeException e) {
            throw new AuditException(f + " is not readable as an audit plan (" + e.getMessage()
                    + "); use another --out folder or --restart", e);
        }
    }

    /** The plan as JSON text ({@link #toMap}): how it travels to another process (a Spark executor). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (IOException e) {
            throw new IllegalStateException("a plan is always writable as JSON", e);
        }
    }

    /** The plan of {@link #toJson} text. */
    @SuppressWarnings("unchecked")
    public static AuditPlan fromJson(String json) {
        try {
            return fromMap(JSON.readValue(json, Map.class));
        } catch (IOException e) {
            throw new AuditException("not an audit plan: " + e.getMessage(), e);
        }
    }

    /** The plan of a {@link #toMap} map; settings it lacks read as the versions before them did. */
    @SuppressWarnings("unchecked")
    public static AuditPlan fromMap(Map<String, Object> m) {
        List<String> sec = (List<String>) m.get("sections");
        return new AuditPlan((List<String>) m.get("models"), (String) m.get("data"),
                ((Number) m.get("limit")).intValue(), ((Number) m.get("sample_seed")).longValue(),
                Section.parseList(String.join(",", sec)), ((Number) m.get("seed")).longValue(),
                ((Number) m.get("epsilon")).doubleValue(), ((Number) m.get("quadratic_limit")).intValue(),
                // A plan saved before --max-tokens was read under the fixed 5,000-token rule.
                ((Number) m.getOrDefault("max_tokens", TokenLimit.MAX_TOKENS)).intValue(),
                // A plan saved before the variant was a setting was computed with plain Adam
                // over the K(K-1) pairs: say so, and a re-run with the default is refused.
                AdversarialSearch.Variant.parse(String.valueOf(m.getOrDefault("adversarial_variant",
                        AdversarialSearch.Variant.OURS.id()))),
                GroupBy.parse(String.valueOf(m.getOrDefault("group_by", GroupBy.PREDICTED.id()))));
    }

    /**
     * What differs between two plans in a way that would mix incomparable rows, for the message when
     * a resume is refused. The model list may differ: rows are per model, so adding a model to an
     * audit folder computes only the new model's rows (and the report compares all listed models).
     * The grouping may differ too: no row depends on it, so a re-run with another grouping computes
     * nothing and rebuilds the report under the new one (the folder's plan is then saved with it).
     */
    public List<String> differences(AuditPlan other) {
        List<String> out = new ArrayList<>();
        Map<String, Object> a = toMap();
        Map<String, Object> b = other.toMap();
        a.remove("models");
        a.remove("group_by");
        for (String k : a.keySet()) {
            if (!String.valueOf(a.get(k)).equals(String.valueOf(b.get(k)))) {
                out.add(k + " " + a.get(k) + " vs " + b.get(k));
            }
        }
        return out;
    }
}
