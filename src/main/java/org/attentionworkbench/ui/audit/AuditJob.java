package org.attentionworkbench.ui.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.audit.AuditSanity;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.SanityCheck;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.task.BackgroundTask;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.task.TaskContext;
import org.attentionworkbench.text.Document;

/**
 * One audit run from the window, on a background thread: reads the data, shows the rows of an
 * earlier run into the same folder, runs (or resumes) the audit and, when it ran to the end, writes
 * the report. Everything it has for the window goes through the {@link AuditInbox}.
 *
 * @param archives the archive of a model name (read by every worker thread: must be immutable)
 * @param sanity   documents at the head of the sample that the sanity check's cascade also runs on,
 *                 after the report (0: none; docs/audit.md, {@link AuditSanity})
 * @param status   receives the sanity check's progress lines (on the window's thread)
 */
record AuditJob(AuditPlan plan, int threads, Path folder, boolean restart, Function<String, Path> archives,
                AuditInbox inbox, Cancellation cancelled, int sanity, Consumer<String> status)
        implements BackgroundTask<AuditJob.Outcome> {

    /**
     * What a run did.
     *
     * @param files the report's files (empty when the run was cancelled)
     */
    record Outcome(AuditRunner.Result result, Path folder, List<Path> files,
                   java.util.Map<String, SanityCheck.Result> sanity) { }

    @Override
    public Outcome run(TaskContext context) throws Exception {
        inbox.publishThrough(context);
        Dataset read = DatasetLoader.load(plan.data());
        if (read.size() == 0) throw new AuditException(plan.data() + " has no documents");
        List<AttentionClassifier> models = new ArrayList<>();
        for (String name : plan.models()) models.add(ModelLoader.open(archives.apply(name)));
        Dataset dataset = AuditRunner.alignToModels(read, models, plan.models());
        models.clear();
        inbox.dataset(dataset);
        // Through the runner's lock, as the command line: an audit already running into this
        // folder (here or in a terminal) is refused with its holder named. The rows of an earlier
        // run reach the inbox from the runner (Listener.earlier), read under that lock.
        AuditRunner runner = new AuditRunner(plan, threads, name -> ModelLoader.open(archives.apply(name)), archives);
        AuditRunner.Finished done = runner.runAndReport(dataset, folder, restart, inbox, cancelled);
        List<Path> files = new ArrayList<>(done.files());
        java.util.Map<String, SanityCheck.Result> checked = java.util.Map.of();
        if (sanity > 0 && !done.result().cancelled()) {
            int[] sample = plan.sample(dataset.size());
            List<Document> head = new ArrayList<>();
            for (int k = 0; k < Math.min(sanity, sample.length); k++) head.add(dataset.documents().get(sample[k]));
            AuditSanity.Written w = AuditSanity.write(folder, plan, head,
                    name -> ModelLoader.open(archives.apply(name)).withTokenLimit(plan.tokenLimit()),
                    line -> context.publish(() -> status.accept(line.strip())));
            files.addAll(w.files());
            checked = w.results();
        }
        return new Outcome(done.result(), folder, files, checked);
    }
}
