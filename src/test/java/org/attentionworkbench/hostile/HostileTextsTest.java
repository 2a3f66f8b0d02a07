package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionworkbench.explain.KendallTau;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "Texts": a text of words the model does not know is said to be so, and a Kendall tau
 * that is undefined reads "n/a" with the reason, not "NaN (p = NaN)".
 */
class HostileTextsTest {

    private static final String UNKNOWN = "zzqxv qqwvb";

    @Test
    void predictSaysEveryTokenIsUnknown() {
        HostileCli r = HostileCli.run("predict", "-m", HostileCli.MODEL, "--text", UNKNOWN);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("none of the text's 2 tokens is known to model sst2-average"), r.err());
        HostileOutput.assertClean(r.all());
        HostileCli json = HostileCli.run("predict", "-m", HostileCli.MODEL, "--text", UNKNOWN, "--json");
        assertTrue(json.out().contains("\"unknown_tokens\" : 2"), json.out());
    }

    @Test
    void aKnownWordGetsNoSuchNote() {
        HostileCli r = HostileCli.run("predict", "-m", HostileCli.MODEL, "--text", "a good film " + UNKNOWN);
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.err().contains("known to model"), r.err());
    }

    @Test
    void explainSaysEveryTokenIsUnknownAndTauIsNotApplicable() {
        HostileCli r = HostileCli.run("explain", "-m", HostileCli.MODEL, "--text", UNKNOWN, "--only", "agreement");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("none of the text's 2 tokens is known"), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().contains("n/a  (undefined: every token has the same attention or the same score"), r.out());
        HostileOutput.assertClean(r.all());
    }

    @Test
    void aOneTokenTextsTauIsNotApplicableWithTheReason() {
        HostileCli r = HostileCli.run("explain", "-m", HostileCli.MODEL, "--text", "good", "--only", "agreement");
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().contains("n/a  (undefined: fewer than two tokens to rank)"), r.out());
    }

    @Test
    void theReasonIsOnlyGivenWhenTauIsUndefined() {
        assertNull(KendallTau.compute(new double[] {1, 2, 3}, new double[] {1, 3, 2}).undefinedReason());
        assertTrue(KendallTau.compute(new double[] {1}, new double[] {1}).undefinedReason().contains("fewer than two"));
        assertTrue(KendallTau.compute(new double[] {1, 1}, new double[] {1, 2}).undefinedReason().contains("same"));
    }
}
