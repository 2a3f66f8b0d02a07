package org.attentionworkbench.ui.twins;

import java.util.List;

/**
 * The seed twins (the base's training again with other seeds) as one row: their mean attention
 * with each token's lowest and highest weight across the seeds, and W&amp;P's variance calibration
 * ({@link org.attentionworkbench.explain.TwinComparison#spread}).
 *
 * @param members      the seed twins, one by one
 * @param mean         the mean attention across the seeds
 * @param min          each token's lowest weight across the seeds
 * @param max          each token's highest weight
 * @param spread       mean JSD of each seed's attention to the mean attention
 * @param meanAccuracy the seeds' mean test accuracy (NaN if none measured)
 * @param meanJsd      the seeds' mean JSD to the base's attention on this document
 */
public record SeedBand(List<ModelFigures> members, double[] mean, double[] min, double[] max, double spread,
                       double meanAccuracy, double meanJsd) {

    public SeedBand {
        members = List.copyOf(members);
        mean = mean.clone();
        min = min.clone();
        max = max.clone();
    }
}
