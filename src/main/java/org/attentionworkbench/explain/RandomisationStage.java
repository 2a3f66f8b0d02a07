package org.attentionworkbench.explain;

/**
 * The stages of Adebayo et al. 2018's cascading randomisation, top of the network first
 * (docs/methods.md section 3, "Sanity checks"): stage k re-initialises its own parameters and
 * those of every stage before it.
 */
public enum RandomisationStage {
    /** The output layer (out.W, out.b). */
    DECODER("decoder"),
    /** The attention scorer (att.W, att.b, att.v). */
    ATTENTION("attention"),
    /** The encoder (BiLSTM, CNN or the average encoder's layer). */
    ENCODER("encoder"),
    /** The embedding table. */
    EMBEDDINGS("embeddings");

    private final String id;

    RandomisationStage(String id) {
        this.id = id;
    }

    /** The name in JSON, tables and charts. */
    public String id() {
        return id;
    }
}
