package org.attentionworkbench.ui.twins;

import java.util.ArrayList;
import java.util.List;

/**
 * A base model and its twins on one document: what the Twins tab draws.
 *
 * @param tokens the document's tokens as the base reads them (every model reads the same tokens)
 * @param base   the base model
 * @param twins  the twins other than seeds, in file-name order
 * @param seeds  the seed twins as one band, or null without any
 */
public record TwinsResult(List<String> tokens, ModelFigures base, List<ModelFigures> twins, SeedBand seeds) {

    public TwinsResult {
        tokens = List.copyOf(tokens);
        twins = List.copyOf(twins);
    }

    /**
     * The models of blind mode: the base, each twin, and one seed (a band would give itself away),
     * in this order.
     */
    public List<ModelFigures> blindCandidates() {
        List<ModelFigures> all = new ArrayList<>();
        all.add(base);
        all.addAll(twins);
        if (seeds != null) all.add(seeds.members().get(0));
        return all;
    }
}
