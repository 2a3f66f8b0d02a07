package org.attentionworkbench.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.ui.eraser.EraserTestDocs;
import org.attentionworkbench.ui.eraser.EraserViewModel;
import org.attentionworkbench.ui.eraser.RankingKind;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The charts' data series are the explanation's numbers. Plain Java: no FX toolkit. */
class ChartDataTest {

    private final EncodedDocument doc = EraserTestDocs.random(15, 2, 11);
    private final Explanation e = ChartFixtures.explanation(doc);

    @Test
    void flipCurvesAreTheRankingsCurves() {
        XYSeriesCollection d = FlipCurveChart.curves(e);
        ErasureRanking.Report r = e.rankings();
        List<double[]> expected = List.of(r.attention().curve(), r.random().meanCurve(), r.gradient().curve(),
                r.gradientTimesAttention().curve(), e.oracle().curve());
        List<String> keys = List.of(FlipCurveChart.ATTENTION, FlipCurveChart.RANDOM, FlipCurveChart.GRADIENT,
                FlipCurveChart.GRADIENT_X_ATTENTION, FlipCurveChart.ORACLE);
        assertEquals(5, d.getSeriesCount());
        for (int s = 0; s < 5; s++) {
            assertEquals(keys.get(s), d.getSeriesKey(s));
            assertEquals(doc.size() + 1, d.getItemCount(s));
            for (int k = 0; k <= doc.size(); k++) {
                assertEquals(k, d.getXValue(s, k), 0);
                assertEquals(expected.get(s)[k], d.getYValue(s, k), 0, keys.get(s) + " k=" + k);
            }
        }
    }

    @Test
    void flipChartMarksTheOracleAndFollowsTheEraser() {
        FlipCurveChart chart = new FlipCurveChart();
        chart.setExplanation(e);
        assertEquals(e.oracle().flippable() ? e.oracle().size() : Double.NaN, chart.oracleMarkerAt(), 0);
        EraserViewModel vm = new EraserViewModel(doc);
        vm.explanationProperty().set(e);
        vm.stateProperty().addListener((o, a, s) -> chart.setCurrent(s));
        vm.eraseTopK(RankingKind.ATTENTION, 4);
        // The point lies on the attention curve at k = 4.
        assertEquals(4, chart.currentPoint()[0], 0);
        assertEquals(e.rankings().attention().curve()[4], chart.currentPoint()[1], 1e-12);
        vm.documentProperty().set(null);
        assertNull(chart.currentPoint());
    }

    @Test
    void partialExplanationGivesEmptyCurves() {
        Explanation partial = Explanation.started(doc, -1, e.settings());
        assertEquals(0, FlipCurveChart.curves(partial).getSeriesCount());
        assertEquals(0, PermutationHistogramChart.dataset(partial).getSeriesCount());
        assertEquals(0, SaliencyScatterChart.dataset(partial, SaliencyMethod.GRADIENT).getSeriesCount());
        new FlipCurveChart().setExplanation(partial);
        new PermutationHistogramChart().show(partial);
        new SaliencyScatterChart().show(partial, null);
    }

    @Test
    void outputBarsAreOriginalErasedAndUniform() {
        EraserViewModel vm = new EraserViewModel(doc);
        vm.erase(0);
        vm.erase(3);
        OutputDistributionChart chart = new OutputDistributionChart();
        chart.show(e, vm.getState());
        DefaultCategoryDataset d = chart.dataset();
        assertEquals(List.of(OutputDistributionChart.ORIGINAL, OutputDistributionChart.ERASED,
                OutputDistributionChart.UNIFORM), d.getRowKeys());
        for (int c = 0; c < doc.numClasses(); c++) {
            String label = doc.labels().get(c);
            assertEquals(doc.probabilities()[c], d.getValue(OutputDistributionChart.ORIGINAL, label).doubleValue(), 0);
            assertEquals(vm.getState().currentProbabilities()[c],
                    d.getValue(OutputDistributionChart.ERASED, label).doubleValue(), 0);
            assertEquals(e.uniform().probabilities()[c],
                    d.getValue(OutputDistributionChart.UNIFORM, label).doubleValue(), 0);
        }
        // An eraser on another document is not mixed into this explanation's bars.
        EraserViewModel other = new EraserViewModel(EraserTestDocs.random(4, 2, 1));
        chart.show(e, other.getState());
        assertEquals(2, chart.dataset().getRowCount());
    }

    @Test
    void scatterIsAttentionAgainstAbsoluteScoresWithTheExplanationsTau() {
        XYSeriesCollection d = SaliencyScatterChart.dataset(e, SaliencyMethod.GRADIENT);
        double[] s = e.saliency(SaliencyMethod.GRADIENT).orElseThrow().scores();
        for (int i = 0; i < doc.size(); i++) {
            assertEquals(doc.attention(i), d.getXValue(0, i), 0);
            assertEquals(Math.abs(s[i]), d.getYValue(0, i), 0);
        }
        SaliencyScatterChart chart = new SaliencyScatterChart();
        chart.show(e, SaliencyMethod.GRADIENT);
        KendallTau.Result k = e.kendall().get(SaliencyMethod.GRADIENT);
        String title = chart.chart().getTitle().getText();
        assertTrue(title.contains(String.format(java.util.Locale.ROOT, "%.3f", k.tau())), title);
        // LOO has scores but no tau yet: the chart computes the same statistic itself.
        double[] loo = ChartFixtures.abs(e.saliency(SaliencyMethod.LEAVE_ONE_OUT).orElseThrow().scores());
        assertEquals(KendallTau.compute(doc.attention(), loo).tau(),
                SaliencyScatterChart.kendall(e, SaliencyMethod.LEAVE_ONE_OUT).tau(), 0);
        assertEquals(List.of(SaliencyMethod.GRADIENT, SaliencyMethod.LEAVE_ONE_OUT), SaliencyScatterChart.available(e));
    }

    @Test
    void histogramCountsEveryPermutationOnce() {
        HistogramDataset d = PermutationHistogramChart.dataset(e);
        double[] tvds = e.permutation().tvds();
        double total = 0;
        for (int b = 0; b < d.getItemCount(0); b++) total += d.getYValue(0, b);
        assertEquals(tvds.length, total, 0);
        assertEquals(PermutationHistogramChart.BINS, d.getItemCount(0));
        // Each bin holds exactly the TVDs between its edges (the last bin closed).
        for (int b = 0; b < d.getItemCount(0); b++) {
            double lo = d.getStartXValue(0, b);
            double hi = d.getEndXValue(0, b);
            boolean last = b == d.getItemCount(0) - 1;
            long n = java.util.Arrays.stream(tvds).filter(t -> t >= lo && (last ? t <= hi : t < hi)).count();
            assertEquals(n, d.getYValue(0, b), 0, "bin " + b);
        }
        PermutationHistogramChart chart = new PermutationHistogramChart();
        chart.show(e);
        assertEquals(e.permutation().medianTvd(), chart.medianMarkerAt(), 0);
    }
}
