package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reader on the real files of ../shared/datasets, with row and class counts checked. */
class RealDatasetReadersTest {

    private static final List<String> SST2 = List.of("neg", "pos");

    @Test
    void imdbTrainGzipHas25000BalancedRows() throws IOException {
        Dataset d = new LabelledTsvReader().read(SharedDatasets.file("imdb/train.tsv.gz"),
                ReadOptions.defaults().withLabelNames(List.of("neg", "pos")));
        assertEquals(25_000, d.size());
        assertArrayEquals(new int[] {12_500, 12_500}, d.classCounts());
        assertEquals(List.of("neg", "pos"), d.labels());
        assertEquals(0, d.skipped());
        // Sorted pos first: the first review is positive and keeps its HTML line breaks.
        assertEquals(1, d.documents().get(0).label());
        assertEquals("train.tsv.gz:1", d.documents().get(0).id());
        assertTrue(d.documents().stream().anyMatch(doc -> doc.text().contains("<br />")));
    }

    @ParameterizedTest
    @CsvSource({"sst2_train.tsv, 3310, 3610", "sst2_dev.tsv, 428, 444", "sst2_test.tsv, 912, 909"})
    void sst2Tsv(String file, int neg, int pos) throws IOException {
        Dataset d = new LabelledTsvReader().read(SharedDatasets.file("sst/" + file),
                ReadOptions.defaults().withLabelNames(SST2));
        assertEquals(neg + pos, d.size());
        assertArrayEquals(new int[] {neg, pos}, d.classCounts());
    }

    @ParameterizedTest
    @CsvSource({"sst5_train.tsv, 8544", "sst5_dev.tsv, 1101", "sst5_test.tsv, 2210"})
    void sst5TsvWithoutNamesDerivesFiveClasses(String file, int rows) throws IOException {
        Dataset d = new LabelledTsvReader().read(SharedDatasets.file("sst/" + file));
        assertEquals(rows, d.size());
        assertEquals(List.of("0", "1", "2", "3", "4"), d.labels());
        if (file.contains("train")) {
            assertArrayEquals(new int[] {1092, 2218, 1624, 2322, 1288}, d.classCounts());
        }
    }

    @ParameterizedTest
    @CsvSource({"train, 11314, 480, 377", "test, 7532, 319, 251"})
    void newsgroupsTsvUsesClassesTxt(String split, int rows, int atheism, int religionMisc) throws IOException {
        Dataset d = new NewsgroupsTsvReader().read(SharedDatasets.file("20newsgroups/" + split + ".tsv.gz"));
        assertEquals(rows, d.size());
        assertEquals(20, d.numClasses());
        assertEquals("alt.atheism", d.labels().get(0));
        assertEquals("talk.religion.misc", d.labels().get(19));
        assertEquals(atheism, d.classCounts()[0]);
        assertEquals(religionMisc, d.classCounts()[19]);
        Document first = d.documents().get(0);
        assertTrue(first.id().matches("alt\\.atheism/\\d+"), first.id());
    }

    @Test
    void jainWallaceCsvAllRowsAndSplits() throws IOException {
        var file = SharedDatasets.file("sst/jain_wallace_sst_dataset.csv");
        CsvReader reader = new CsvReader();
        Dataset all = reader.read(file);
        assertEquals(9_613, all.size());
        assertEquals(List.of("0", "1"), all.labels());
        assertEquals("jain_wallace_sst_dataset.csv:2", all.documents().get(0).id());
        int sum = 0;
        for (String[] split : new String[][] {{"train", "6920"}, {"dev", "872"}, {"test", "1821"}}) {
            Dataset part = reader.read(file, ReadOptions.defaults().withSplit(split[0]).withLabelNames(SST2));
            assertEquals(Integer.parseInt(split[1]), part.size(), split[0]);
            sum += part.size();
        }
        assertEquals(all.size(), sum);
    }

    @ParameterizedTest
    @CsvSource({"train, 8544, 6920", "dev, 1101, 872", "test, 2210, 1821"})
    void sstTreesReproduceTheTsvFiles(String split, int fine, int binary) throws IOException {
        var trees = SharedDatasets.file("sst/trees/" + split + ".txt");
        Dataset five = new SstTreeReader(SstTreeReader.Granularity.FINE).read(trees);
        assertEquals(fine, five.size());
        assertEquals(SstTreeReader.FINE_LABELS, five.labels());
        assertSameTextsAndLabels(new LabelledTsvReader().read(SharedDatasets.file("sst/sst5_" + split + ".tsv")), five);

        Dataset two = new SstTreeReader(SstTreeReader.Granularity.BINARY).read(trees);
        assertEquals(binary, two.size());
        assertEquals(0, two.skipped()); // neutral sentences are filtered, not malformed
        assertSameTextsAndLabels(new LabelledTsvReader().read(SharedDatasets.file("sst/sst2_" + split + ".tsv")), two);
    }

    private static void assertSameTextsAndLabels(Dataset expected, Dataset actual) {
        assertEquals(expected.size(), actual.size());
        assertArrayEquals(expected.classCounts(), actual.classCounts());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.documents().get(i).text(), actual.documents().get(i).text(), "row " + (i + 1));
            assertEquals(expected.documents().get(i).label(), actual.documents().get(i).label(), "row " + (i + 1));
        }
    }
}
