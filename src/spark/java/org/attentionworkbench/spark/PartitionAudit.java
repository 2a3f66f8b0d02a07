package org.attentionworkbench.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.attentionworkbench.audit.ResidentMemory;
import org.attentionworkbench.task.Cancellation;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The task of one partition, run on an executor: hands the partition's documents to one of the
 * executor's {@link ExecutorWorkers} and returns the rows. A task Spark kills (the job was
 * cancelled) stops between documents and inside an explanation.
 */
final class PartitionAudit extends AbstractFunction1<Iterator<PendingDocument>, PartitionResult>
        implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelTask task;

    PartitionAudit(ModelTask task) {
        this.task = task;
    }

    @Override
    public PartitionResult apply(Iterator<PendingDocument> documents) {
        List<PendingDocument> docs = new ArrayList<>();
        while (documents.hasNext()) docs.add(documents.next());
        TaskContext context = TaskContext.get();
        Cancellation killed = Cancellation.when(() -> context != null && context.isInterrupted());
        Path archive = Path.of(SparkFiles.get(task.archiveFile()));
        List<String> lines = ExecutorWorkers.shared().audit(task, archive, docs, killed);
        SparkEnv env = SparkEnv.get();
        String executor = env != null ? env.executorId() : "?";
        String host = env != null ? env.blockManager().blockManagerId().host() : "?";
        return new PartitionResult(lines, executor, host, ResidentMemory.read());
    }
}
