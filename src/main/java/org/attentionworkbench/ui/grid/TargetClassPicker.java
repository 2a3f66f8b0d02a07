package org.attentionworkbench.ui.grid;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * The saliency panel's choice of the class every saliency method explains: "predicted" (the
 * literature's default) or one of the model's classes. A choice changes the analysis's base
 * settings, which re-explains the text on the analysis's own background runner (never on the FX
 * thread). The classes follow the model: a new model's document brings its class names, and a
 * class it lacks falls back to "predicted".
 */
final class TargetClassPicker extends ChoiceBox<Integer> {

    /** The widest the picker gets, in pixels. */
    static final double MAX_WIDTH = 150;

    /** The item that means "the predicted class". */
    static final int PREDICTED = -1;

    private final AnalysisViewModel analysis;
    private List<String> labels = List.of();
    private boolean updating;

    TargetClassPicker(AnalysisViewModel analysis) {
        this.analysis = analysis;
        setId("targetClass");
        setTooltip(new Tooltip("The class the saliency methods explain (default: the predicted class)"));
        // A ChoiceBox is as wide as its longest item: with 20 newsgroups' names that pushed the
        // panel's Export menu past its edge. "predicted class" fits; a long class name chosen
        // ends in an ellipsis (the open list shows it whole).
        setMaxWidth(MAX_WIDTH);
        setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer c) {
                if (c == null) return "";
                return c == PREDICTED ? "predicted class" : "class " + (c < labels.size() ? labels.get(c) : c);
            }

            @Override
            public Integer fromString(String s) {
                return null; // not editable
            }
        });
        analysis.documentProperty().addListener(o -> labelsOf(analysis.documentProperty().get()));
        analysis.baseSettingsProperty().addListener(o -> select(analysis.baseSettingsProperty().get().target()));
        valueProperty().addListener((obs, was, now) -> {
            if (updating || now == null) return;
            ExplainSettings base = analysis.baseSettingsProperty().get();
            if (base.target() != now) analysis.baseSettingsProperty().set(base.withTarget(now));
        });
        labelsOf(analysis.documentProperty().get());
    }

    private void labelsOf(EncodedDocument doc) {
        List<String> now = doc == null ? List.of() : doc.labels();
        if (now.equals(labels) && !getItems().isEmpty()) return;
        labels = now;
        List<Integer> items = new ArrayList<>();
        items.add(PREDICTED);
        for (int c = 0; c < labels.size(); c++) items.add(c);
        updating = true;
        try {
            getItems().setAll(items);
        } finally {
            updating = false;
        }
        int target = analysis.baseSettingsProperty().get().target();
        if (target >= labels.size() && !labels.isEmpty()) {
            analysis.baseSettingsProperty().set(analysis.baseSettingsProperty().get().withTarget(PREDICTED));
        } else {
            select(target);
        }
    }

    private void select(int target) {
        updating = true;
        try {
            setValue(getItems().contains(target) ? target : PREDICTED);
        } finally {
            updating = false;
        }
    }
}
