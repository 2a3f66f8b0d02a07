package org.attentionworkbench.ui.audit;

import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.attentionworkbench.audit.AuditProgress;

/**
 * Run and Cancel, the progress bar with rows done, speed and time left, and the tab's message:
 * above the settings, so that they stay in sight however the settings are scrolled.
 */
final class AuditRunView extends VBox {

    AuditRunView(AuditViewModel vm) {
        getStyleClass().add("audit-run-view");
        setMinHeight(Region.USE_PREF_SIZE); // the settings below scroll; the run controls never shrink
        setSpacing(6);
        Button run = new Button("Run");
        run.setId("auditRun");
        run.setDefaultButton(false);
        run.getStyleClass().add("audit-run");
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> vm.run());
        Button cancel = new Button("Cancel");
        cancel.setId("auditCancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        HBox buttons = new HBox(8, run, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar(0);
        bar.setId("auditProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setMinHeight(Region.USE_PREF_SIZE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            AuditProgress p = vm.progressProperty().get();
            if (p == null) return vm.runningProperty().get() ? -1.0 : 0.0;
            return p.fraction();
        }, vm.progressProperty(), vm.runningProperty()));
        Label progress = new Label();
        progress.setId("auditProgressText");
        progress.getStyleClass().add("audit-progress-text");
        progress.setWrapText(true);
        progress.setMinHeight(Region.USE_PREF_SIZE);
        progress.textProperty().bind(Bindings.createStringBinding(
                () -> describe(vm.progressProperty().get(), vm.runningProperty().get()),
                vm.progressProperty(), vm.runningProperty()));

        Label message = new Label();
        message.setId("auditMessage");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE); // wrap to as many lines as it needs, never cut
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add("audit-message");
        vm.errorProperty().addListener((o, a, bad) -> {
            if (bad) message.getStyleClass().add("audit-error");
            else message.getStyleClass().remove("audit-error");
        });
        getChildren().addAll(buttons, bar, progress, message);
    }

    /**
     * What the run is doing: before its first report "Starting: loading the model and reading the
     * data...", before its first document of this run "0/100 · reading the first document ...",
     * then as {@link #describe(AuditProgress)}. "0/N -- docs/s" for 20 s said nothing.
     */
    static String describe(AuditProgress p, boolean running) {
        if (p == null) return running ? "Starting: loading the model and reading the data\u2026" : "";
        if (running && p.doneThisRun() == 0 && !Double.isFinite(p.docsPerSecond())) {
            return String.format(Locale.ROOT, "%d/%d  \u00b7  %s: loading the model, then the first document "
                    + "(its saliency and adversary take the longest)\u2026", p.done(), p.total(), p.model());
        }
        return describe(p);
    }

    /** "12/100 · 3.20 docs/s · ETA 0:28 · sst2-average (1/2)". */
    static String describe(AuditProgress p) {
        if (p == null) return "";
        String rate = Double.isFinite(p.docsPerSecond()) ? String.format(Locale.ROOT, "%.2f docs/s", p.docsPerSecond())
                : "-- docs/s";
        String eta = "ETA " + p.etaText();
        String model = p.models() > 1 ? String.format(Locale.ROOT, "  \u00b7  %s (%d/%d)", p.model(), p.modelNumber(),
                p.models()) : "  \u00b7  " + p.model();
        return String.format(Locale.ROOT, "%d/%d  \u00b7  %s  \u00b7  %s%s", p.done(), p.total(), rate, eta, model);
    }
}
