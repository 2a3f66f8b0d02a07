package org.attentionworkbench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.data.BuildInfo;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every audit records what produced it: audit.json (the plan), summary.json and each line of
 * runs.jsonl carry the app and ND4J versions and the sha256 of each model archive; the settings are
 * the plan itself.
 */
class AuditProvenanceTest {

    @Test
    void planSummaryAndRunLogRecordVersionsAndArchiveSha256(@TempDir Path dir) throws Exception {
        Dataset data;
        try {
            data = DatasetLoader.load("sst2:test");
        } catch (IOException | RuntimeException e) {
            assumeTrue(false, "SST-2 not available: " + e.getMessage());
            return;
        }
        ModelCatalog catalog = ModelCatalog.fromEnvironment();
        Path archive = catalog.resolve("sst2-average");
        AuditPlan plan = AuditPlan.of(List.of("sst2-average"), "sst2:test", 3, 1).withSections(Set.of(Section.UNIFORM));
        new AuditRunner(plan, 1, name -> AttentionModel.load(catalog.resolve(name)), catalog::resolve)
                .runAndReport(data, dir, false, new AuditRunner.Listener() { }, Cancellation.NEVER);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
        ObjectMapper json = new ObjectMapper();
        JsonNode saved = json.readTree(dir.resolve(AuditPlan.FILE_NAME).toFile());
        JsonNode summary = json.readTree(dir.resolve(AuditReport.SUMMARY).toFile());
        JsonNode run = json.readTree(Files.readAllLines(dir.resolve(AuditReport.RUNS)).get(0));
        for (JsonNode p : List.of(saved.get("provenance"), summary.get("provenance"), run.get("provenance"))) {
            assertEquals(BuildInfo.appVersion(), p.get("app_version").asText(), p.toString());
            assertTrue(p.get("nd4j_version").asText().matches("1\\.\\d+\\.\\d+.*"), p.toString());
            assertEquals("sst2-average", p.get("models").get(0).get("model").asText());
            assertEquals("sst2-average.zip", p.get("models").get(0).get("file").asText());
            assertEquals(sha, p.get("models").get(0).get("sha256").asText());
        }
        // The settings: the plan, in both files, and the saved plan still loads and matches.
        assertEquals(3, summary.get("plan").get("limit").asInt());
        assertEquals(plan.toMap().get("epsilon"), summary.get("plan").get("epsilon").asDouble());
        assertEquals(List.of(), AuditPlan.load(dir).orElseThrow().differences(plan));
    }

    @Test
    void aMissingArchiveIsRecordedWithoutItsSha256() {
        Provenance p = Provenance.of(List.of("nowhere.zip"), Path::of);
        assertEquals(null, p.models().get(0).sha256());
        assertTrue(p.models().get(0).problem().startsWith("cannot read nowhere.zip"), p.models().get(0).problem());
    }
}
