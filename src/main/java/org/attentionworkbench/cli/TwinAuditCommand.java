package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.audit.TwinAudit;
import org.attentionworkbench.audit.TwinReport;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.TokenLimit;

/**
 * {@code workbench audit --twins}: a base model against its counterfactual twins over a labelled
 * dataset ({@link TwinAudit}), written as tables, per-document CSV and figures.
 */
final class TwinAuditCommand {

    private final List<String> models;
    private final List<String> extraTwins;
    private final String data;
    private final int limit;
    private final long sampleSeed;
    private final TokenLimit tokenLimit;
    private final Path out;

    TwinAuditCommand(List<String> models, List<String> extraTwins, String data, int limit, long sampleSeed,
                     TokenLimit tokenLimit, Path out) {
        this.models = models;
        this.extraTwins = extraTwins == null ? List.of() : extraTwins;
        this.data = data;
        this.limit = limit;
        this.sampleSeed = sampleSeed;
        this.tokenLimit = tokenLimit;
        this.out = out;
    }

    int run(PrintWriter stdout, PrintWriter err) throws java.io.IOException {
        if (models.size() != 1) throw new UserException("--twins compares one base model (-m) with its twins; "
                + models.size() + " were given");
        ModelCatalog catalog = ModelCatalog.fromEnvironment();
        Path basePath = catalog.resolve(models.get(0));
        AttentionModel base = ModelLoader.load(basePath).withTokenLimit(tokenLimit);
        Map<Path, AttentionModel> twins = new LinkedHashMap<>();
        for (ModelCatalog.Entry e : catalog.twinsOf(base.card().name())) {
            twins.put(e.path().toAbsolutePath().normalize(), ModelLoader.load(e.path()).withTokenLimit(tokenLimit));
        }
        for (String t : extraTwins) {
            Path p = catalog.resolve(t);
            twins.putIfAbsent(p.toAbsolutePath().normalize(), ModelLoader.load(p).withTokenLimit(tokenLimit));
        }
        if (twins.isEmpty()) {
            throw new UserException(base.name() + " has no twins in " + catalog.directory().map(Path::toString)
                    .orElse("the models folder") + " (none of their cards names it as base); train one with"
                    + " workbench train --twin-of, or name one with --twin");
        }
        Dataset read = DatasetLoader.load(data);
        if (read.size() == 0) throw new UserException(data + " has no documents");
        List<AttentionModel> all = new ArrayList<>();
        all.add(base);
        all.addAll(twins.values());
        List<String> names = all.stream().map(AttentionModel::name).toList();
        Dataset dataset = AuditRunner.alignToModels(read, all, names);
        // The corpus audit's sample: the same --limit and --sample-seed give the same documents.
        AuditPlan sampler = AuditPlan.of(List.of(base.name()), data, limit, sampleSeed);
        List<Document> docs = new ArrayList<>();
        for (int i : sampler.sample(dataset.size())) docs.add(dataset.documents().get(i));
        err.printf(Locale.ROOT, "twins audit: %s and %d twin(s) on %d documents of %s -> %s%n", base.name(), twins.size(),
                docs.size(), dataset.name(), out);
        List<TwinAudit.Member> members = new ArrayList<>();
        for (AttentionModel t : twins.values()) members.add(new TwinAudit.Member(t.name(), t.card(), t));
        TwinAudit.Report report = new TwinAudit(new TwinAudit.Member(base.name(), base.card(), base), members)
                .run(dataset.name(), docs, m -> err.println("  " + m), Cancellation.NEVER);
        String command = "workbench audit --twins -m " + models.get(0) + " --data " + data
                + (limit > 0 ? " --limit " + limit : "") + extraTwins.stream().map(t -> " --twin " + t).reduce("", String::concat)
                + " --out " + out;
        List<Path> files = TwinReport.write(report, out, command);
        stdout.print(TwinReport.markdown(report, null).lines().filter(l -> l.startsWith("|")).reduce("",
                (a, b) -> a + b + "\n"));
        stdout.printf(Locale.ROOT, "wrote %d files into %s (twins.md reads them)%n", files.size(), out);
        return 0;
    }
}
