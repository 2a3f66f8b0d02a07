package org.attentionworkbench.ui.audit;

import java.net.URL;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Audit tab: the plan and the run on the left; the rows (left) and the figures and tables
 * (right) of the audit, growing while it runs. Only binds to an {@link AuditViewModel}.
 */
public final class AuditView extends BorderPane {

    private final AuditViewModel viewModel;
    private final AuditRowsTable rows;
    private final AuditFiguresView figures;

    public AuditView(AuditViewModel viewModel) {
        this.viewModel = viewModel;
        setId("auditView");
        getStyleClass().add("audit-view");
        URL css = AuditView.class.getResource("/styles/audit.css");
        if (css != null) getStylesheets().add(css.toExternalForm());
        ScrollPane settings = new ScrollPane(new AuditSettingsView(viewModel));
        settings.setFitToWidth(true);
        settings.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        settings.getStyleClass().add("audit-side");
        VBox.setVgrow(settings, Priority.ALWAYS);
        VBox side = new VBox(new AuditRunView(viewModel), settings);
        side.getStyleClass().add("audit-side-column");
        side.setPrefWidth(320);
        side.setMinWidth(270);
        rows = new AuditRowsTable(viewModel);
        figures = new AuditFiguresView(viewModel);
        SplitPane results = new SplitPane(rows, figures);
        results.setOrientation(Orientation.HORIZONTAL);
        results.setDividerPositions(0.48);
        setLeft(side);
        setCenter(results);
    }

    public AuditViewModel viewModel() {
        return viewModel;
    }

    /** The figures and tables (for tests). */
    AuditFiguresView figures() {
        return figures;
    }
}
