package org.attentionworkbench.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What an executor sends back for one partition: its rows as lines of documents.csv (the driver is
 * the one writer of the file), and the executor's resident memory after the partition.
 *
 * @param lines      one {@code DocumentsCsv.line} per document
 * @param executorId Spark's id of the executor ("driver" in local mode)
 * @param host       the executor's host
 * @param residentMb the executor process's resident memory after the partition (NaN if unknown)
 */
record PartitionResult(List<String> lines, String executorId, String host, double residentMb)
        implements Serializable { }
