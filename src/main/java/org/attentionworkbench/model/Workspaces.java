package org.attentionworkbench.model;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J memory workspaces for the network's temporaries.
 *
 * <p>Why: ND4J frees native memory only when the Java garbage collector finalises the small Java
 * objects that own it, and with a nearly empty Java heap that happens too rarely: a training run
 * reached 16 GB resident before this. Inside a workspace every temporary is carved out of one
 * reusable block that is reset when the scope closes, so memory stays flat over any number of
 * calls. Results must leave the scope as plain Java arrays (or be created with
 * {@link #outside()}), never as workspace arrays.
 */
final class Workspaces {

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.25)
            .policyLearning(LearningPolicy.OVER_TIME)
            // Sized after the first use (not the second): one pass fixes a workspace's size.
            .cyclesBeforeInitialization(1)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private Workspaces() {
    }

    /** Opens (or re-enters) this thread's workspace named {@code id}; close it with try-with-resources. */
    static MemoryWorkspace open(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
    }

    /** Suspends any workspace, for arrays that must outlive the current scope (optimiser state). */
    static MemoryWorkspace outside() {
        return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    }

    /**
     * Frees every workspace of the calling thread. Workspaces are per thread and live as long as
     * it does; a worker thread that is about to end calls this, or its blocks (sized for the
     * largest document it saw) would stay allocated after it is gone.
     */
    static void destroyForCurrentThread() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
}
