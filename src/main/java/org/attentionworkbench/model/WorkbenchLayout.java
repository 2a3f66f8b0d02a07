package org.attentionworkbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workbench's own names ({@code emb}, {@code lstm.fw.Wx}, ..., {@code out.b}), as {@code workbench
 * export} writes them: CONFIG.json holds the {@link ModelConfig} under {@code "config"} and the
 * {@link ModelCard} under {@code "card"}; every tensor has exactly the shape the config asks for.
 */
final class WorkbenchLayout implements ImportLayout {

    static final String ID = "workbench";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mapped map(SafetensorsFile f, JsonNode json, Path configPath) {
        ModelConfig config = ModelArchive.readConfig(configPath, json.get("config"));
        if (config.attention() == AttentionSource.FROZEN) {
            throw new ModelArchiveException("cannot import " + configPath + ": the model reads with another model's"
                    + " attention (frozen), which a safetensors bundle does not carry; import its base instead");
        }
        ModelCard card;
        try {
            JsonNode c = json.get("card");
            if (c == null || !c.isObject()) throw new IOException("it has no \"card\" object");
            card = ModelArchive.JSON.treeToValue(c, ModelCard.class);
        } catch (IOException | RuntimeException e) {
            throw new ModelArchiveException("cannot import " + configPath + ": its card is invalid ("
                    + SafetensorsFile.printable(e.getMessage()) + ")");
        }
        if (card.labels().size() != config.numClasses()) {
            throw new ModelArchiveException("cannot import " + configPath + ": its card names " + card.labels().size()
                    + " classes but its config has " + config.numClasses());
        }
        Map<String, long[]> shapes;
        try {
            shapes = AttentionNetwork.parameterShapes(config);
        } catch (ArithmeticException e) {
            throw new ModelArchiveException("cannot import " + configPath + ": its config's sizes overflow");
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> s : shapes.entrySet()) {
            ImportLayout.require(f, ID, s.getKey(), s.getValue());
            values.put(s.getKey(), f.values(s.getKey()));
        }
        ImportLayout.noOthers(f, ID, shapes.keySet());
        return new Mapped(config, values, card.labels(), card, ImportLayout.dataTypeOf(f));
    }
}
