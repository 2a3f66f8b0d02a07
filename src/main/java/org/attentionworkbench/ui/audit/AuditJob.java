package org.attentionworkbench.ui.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditRunner;
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
        // Through the runner's lock, as the command line: an audit already running into this
        // folder (here or in a terminal) is refused with its holder named. The rows of an earlier
        // run reach the inbox from the runner (Listener.earlier), read under that lock.
        AuditRunner runner = new AuditRunner(plan, threads, name -> AttentionModel.load(archives.apply(name)), archives);
        AuditRunner.Finished done = runner.runAndReport(dataset, folder, restart, inbox, cancelled);
        return new Outcome(done.result(), folder, done.files());
    }
}
