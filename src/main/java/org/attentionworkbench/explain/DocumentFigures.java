package org.attentionworkbench.explain;

/**
 * The cheap per-document figures of a corpus view (the dataset browser): one encoder pass, one
 * gradient pass and re-decodes, computed by {@link ExplanationEngine#figures}.
 *
 * @param tau            Kendall tau-b of attention against |gradient| (NaN for fewer than two tokens)
 * @param epsilonMaxJsd  the largest JSD of an attention that keeps the output within epsilon
 * @param exact          whether that JSD is certified (two classes) or from the published search
 * @param flipFraction   fraction of tokens removed in attention order before the decision flips
 *                       (NaN when it never flips)
 */
public record DocumentFigures(double tau, double epsilonMaxJsd, boolean exact, double flipFraction) { }
