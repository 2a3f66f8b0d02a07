package org.attentionworkbench.ui.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditReport;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.model.AttentionModel;

/**
 * One audit run from the window, on a background thread: reads the data, shows the rows of an
 * earlier run into the same folder, runs (or resumes) the audit and, when it ran to the end, writes
 * the report. Everything it has for the window goes through the {@link AuditInbox}.
 *
 * @param archives the archive of a model name (read by every worker thread: must be immutable)
 */
record AuditJob(AuditPlan plan, int threads, Path folder, boolean restart, Function<String, Path> archives,
                AuditInbox inbox, BooleanSupplier cancelled) implements Callable<AuditJob.Outcome> {

    /**
     * What a run did.
     *
     * @param files the report's files (empty when the run was cancelled)
     */
    record Outcome(AuditRunner.Result result, Path folder, List<Path> files) { }

    @Override
    public Outcome call() throws Exception {
        Dataset read = DatasetLoader.load(plan.data());
        if (read.size() == 0) throw new AuditException(plan.data() + " has no documents");
        List<AttentionModel> models = new ArrayList<>();
        for (String name : plan.models()) models.add(AttentionModel.load(archives.apply(name)));
        Dataset dataset = AuditRunner.alignToModels(read, models, plan.models());
        models.clear();
        inbox.dataset(dataset);
        if (!restart) {
            // The runner skips rows it finds in the folder; the window shows them at once instead
            // of only the new ones. A folder of another plan is left for the runner to refuse.
            AuditPlan saved = AuditPlan.load(folder).orElse(null);
            if (saved != null && saved.differences(plan).isEmpty()) {
                inbox.rows(DocumentsCsv.read(folder.resolve(DocumentsCsv.FILE_NAME)));
            }
        }
        AuditRunner runner = new AuditRunner(plan, threads, name -> AttentionModel.load(archives.apply(name)));
        AuditRunner.Result result = runner.run(dataset, folder, restart, inbox, cancelled);
        List<Path> files = result.cancelled() ? List.of()
                : AuditReport.write(folder, plan, dataset.labels(), result);
        return new Outcome(result, folder, files);
    }
}
