package org.attentionworkbench.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.attentionworkbench.text.Vocabulary;

/**
 * Reads pretrained word vectors in the GloVe text format ({@code word v1 ... vD} per line, plain or
 * .gz) for the words of a vocabulary.
 */
public final class GloveEmbeddings {

    private GloveEmbeddings() {
    }

    /** Vectors found for a vocabulary: a [V*D] row-major table and which rows were filled. */
    public record Table(float[] values, boolean[] found, int dimension) {
        /** Number of vocabulary words that got a pretrained vector. */
        public int hits() {
            int n = 0;
            for (boolean f : found) if (f) n++;
            return n;
        }
    }

    /**
     * Reads the vectors of the vocabulary's words.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file and line if a line is malformed or its
     *                                  dimension is not {@code dimension}
     */
    public static Table read(Path file, Vocabulary vocab, int dimension) throws IOException {
        float[] values = new float[vocab.size() * dimension];
        boolean[] found = new boolean[vocab.size()];
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                int sp = line.indexOf(' ');
                if (sp <= 0) {
                    if (line.isBlank()) continue;
                    throw new IllegalArgumentException(file + " line " + lineNo + ": not a GloVe vector line");
                }
                String word = line.substring(0, sp);
                if (!vocab.contains(word)) continue;
                int id = vocab.id(word);
                if (id == Vocabulary.PAD_ID || id == Vocabulary.UNK_ID) continue;
                String[] parts = line.substring(sp + 1).trim().split(" ");
                if (parts.length != dimension) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": " + parts.length
                            + " values, expected " + dimension);
                }
                try {
                    for (int k = 0; k < dimension; k++) values[id * dimension + k] = Float.parseFloat(parts[k]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": not a number (" + e.getMessage() + ")");
                }
                found[id] = true;
            }
        }
        return new Table(values, found, dimension);
    }
}
