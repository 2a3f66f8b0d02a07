package org.attentionworkbench.explain;

/**
 * What the decoder sees of one document: its attention and the per-token class contributions
 * z_i = W_o h_i (no bias). Used to recompute a few positions of a longer document exactly.
 *
 * @param attention     alpha over the document's tokens
 * @param contributions [n][C] contributions
 */
public record Readout(double[] attention, double[][] contributions) { }
