package org.attentionworkbench.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named parameter arrays of a network, in a fixed order (the order they are saved in). The
 * gradient of a backward pass is a ParameterSet of the same names and shapes.
 */
final class ParameterSet {

    private final Map<String, INDArray> arrays = new LinkedHashMap<>();
    private volatile long version;

    void put(String name, INDArray array) {
        arrays.put(name, array);
        version++;
    }

    /**
     * Says that arrays were changed in place (an optimiser step, weights assigned): copies of the
     * weights taken before ({@link HostNetwork}) are then made again.
     */
    void changed() {
        version++;
    }

    /** Counts {@link #put} and {@link #changed} calls: equal values mean the same weights. */
    long version() {
        return version;
    }

    INDArray get(String name) {
        INDArray a = arrays.get(name);
        if (a == null) throw new IllegalStateException("no parameter " + name);
        return a;
    }

    boolean contains(String name) {
        return arrays.containsKey(name);
    }

    /** Adds {@code g} into the entry {@code name}, creating it if absent. */
    void accumulate(String name, INDArray g) {
        INDArray cur = arrays.get(name);
        if (cur == null) {
            arrays.put(name, g);
        } else {
            cur.addi(g);
        }
    }

    Map<String, INDArray> asMap() {
        return Collections.unmodifiableMap(arrays);
    }

    long count() {
        long n = 0;
        for (INDArray a : arrays.values()) n += a.length();
        return n;
    }
}
