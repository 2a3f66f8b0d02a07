package org.attentionworkbench.spark;

import java.io.Serializable;

/**
 * What every partition of one model's job needs besides its documents, computed once on the driver
 * exactly as the local audit computes it before its workers start: the class map, the sample's mean
 * length (the top-k distance's k).
 *
 * @param model       the model's name in the plan (the rows' {@code model} column)
 * @param archiveFile the archive's name among the job's files ({@code SparkContext.addFile})
 * @param sha256      the archive's sha256: executors keep a loaded model under it across jobs
 * @param planJson    the plan ({@code AuditPlan.toJson})
 * @param classOf     dataset class index to model class index
 * @param meanLength  mean tokens of the whole sample under this model
 */
record ModelTask(String model, String archiveFile, String sha256, String planJson, int[] classOf, double meanLength)
        implements Serializable { }
