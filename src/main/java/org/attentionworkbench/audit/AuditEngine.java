package org.attentionworkbench.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.task.Cancellation;

/**
 * Another place to compute an audit's rows than this process's worker threads: Apache Spark
 * (docs/audit-spark.md). An engine is found with {@link ServiceLoader}, so the desktop application
 * and the plain command line carry none: the Spark engine is compiled and shipped only by the
 * {@code spark} build profile. Whatever the engine, the rows come from {@link DocumentAuditor},
 * go into the folder's {@code documents.csv} under its {@link AuditLock}, and the report is
 * {@link AuditReport#write}: the output folder is the local audit's.
 */
public interface AuditEngine {

    /**
     * What to run.
     *
     * @param plan          the audit's plan
     * @param dataset       the data, aligned to the models' classes ({@link AuditRunner#alignToModels})
     * @param outDir        the output folder (created; re-used to resume)
     * @param restart       discard the folder's rows first
     * @param master        where to run (an engine's own address: {@code local[2]}, {@code spark://host:7077}, ...)
     * @param partitionSize documents per partition (the unit of work, progress and resume)
     * @param archives      the archive each model name or path stands for
     * @param listener      receives progress
     * @param cancelled     stops the run, keeping the rows written
     * @param log           one-line notes for the user (where the job runs, executor memory)
     */
    record Job(AuditPlan plan, Dataset dataset, Path outDir, boolean restart, String master, int partitionSize,
               Function<String, Path> archives, AuditRunner.Listener listener, Cancellation cancelled,
               PrintWriter log) { }

    /** The name {@code --engine} selects it by. */
    String name();

    /**
     * Runs (or resumes) the audit and, unless cancelled, writes the report, as
     * {@link AuditRunner#runAndReport} does.
     *
     * @throws AuditException when the folder holds another plan or is in use, or the job fails
     */
    AuditRunner.Finished runAndReport(Job job) throws IOException;

    /**
     * The engine of that name on the class path, if this build has it. A build whose service file
     * names an engine whose classes are missing (a stale build folder) reads as not having it.
     */
    static Optional<AuditEngine> find(String name) {
        try {
            for (AuditEngine e : ServiceLoader.load(AuditEngine.class, AuditEngine.class.getClassLoader())) {
                if (e.name().equals(name)) return Optional.of(e);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
