package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An audit's output folder at the start of a run, one rule for every engine: {@code --restart}
 * empties it, a folder holding another plan (or rows without a plan) is refused, and the plan with
 * this run's provenance is saved. Call it holding the folder's {@link AuditLock}.
 */
public final class AuditFolder {

    private AuditFolder() {
    }

    /**
     * Prepares {@code outDir} for a run of {@code plan}.
     *
     * @return the rows earlier runs left there (a cut-off last line is repaired)
     * @throws AuditException when the folder holds an audit with other settings, or rows without a plan
     */
    public static List<AuditRow> prepare(Path outDir, AuditPlan plan, boolean restart, Provenance provenance)
            throws IOException {
        Path csvFile = outDir.resolve(DocumentsCsv.FILE_NAME);
        if (restart) {
            Files.deleteIfExists(csvFile);
            Files.deleteIfExists(outDir.resolve(AuditPlan.FILE_NAME));
        }
        AuditPlan saved = AuditPlan.load(outDir).orElse(null);
        if (saved != null && !saved.differences(plan).isEmpty()) {
            throw new AuditException(outDir + " holds an audit with other settings (" + String.join("; ",
                    saved.differences(plan)) + "): use another --out folder, or --restart to replace it");
        }
        List<AuditRow> existing = DocumentsCsv.read(csvFile);
        if (saved == null && !existing.isEmpty()) {
            throw new AuditException(outDir + " has a documents.csv but no " + AuditPlan.FILE_NAME
                    + ": use another --out folder, or --restart to replace it");
        }
        plan.save(outDir, provenance);
        return existing;
    }
}
