package org.attentionworkbench.ui.eraser;

import java.util.EnumMap;
import java.util.Map;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.MinimalFlipSet;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * The erase-first-to-last order of every {@link RankingKind} for one document. Taken from an
 * {@link Explanation} when it has the erasure section, so that "erase the top k" lands exactly on
 * the flip curves the charts draw; otherwise computed with the same explain code and seed (a few
 * re-decodes per token: milliseconds even for long reviews).
 */
public final class RankingOrders {

    private final Map<RankingKind, int[]> orders;

    private RankingOrders(Map<RankingKind, int[]> orders) {
        this.orders = orders;
    }

    /** Orders computed directly from the document; {@code seed} drives the random shuffle. */
    public static RankingOrders compute(EncodedDocument doc, long seed) {
        ErasureRanking.Report report = ErasureRanking.standard(doc, seed, Map.of());
        return of(report, MinimalFlipSet.find(doc));
    }

    /**
     * Orders from an explanation's rankings and oracle, computing whatever section is still
     * missing (the explanation arrives progressively).
     */
    public static RankingOrders from(Explanation explanation) {
        if (explanation.rankings() != null && explanation.oracle() != null) {
            return of(explanation.rankings(), explanation.oracle());
        }
        return compute(explanation.document(), explanation.settings().seed());
    }

    private static RankingOrders of(ErasureRanking.Report report, MinimalFlipSet.Result oracle) {
        Map<RankingKind, int[]> m = new EnumMap<>(RankingKind.class);
        m.put(RankingKind.ATTENTION, report.attention().order());
        m.put(RankingKind.RANDOM, report.random().runs().get(0).order());
        m.put(RankingKind.GRADIENT, report.gradient().order());
        m.put(RankingKind.GRADIENT_X_ATTENTION, report.gradientTimesAttention().order());
        m.put(RankingKind.ORACLE, oracle.ranking().order());
        return new RankingOrders(m);
    }

    /** The full order of {@code kind} (a copy): token indices, first erased first. */
    public int[] order(RankingKind kind) {
        return orders.get(kind).clone();
    }
}
