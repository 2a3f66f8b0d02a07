package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CancellationException;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.task.Cancellation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The model's long loops (integrated gradients' batches, batched variants) stop at their next
 * batch once the calling task's token is cancelled, so a stale run in the window does not hold up
 * the next one; without a token they run to the end.
 */
class CancellationInModelTest {

    @Test
    void integratedGradientsAndVariantsStopWhenTheThreadsTokenIsCancelled() throws Exception {
        for (EncoderType type : EncoderType.values()) {
            AttentionModel model = TestModels.model(type, DataType.FLOAT, 3);
            EncodedDocument doc = model.encode(java.util.List.of("the", "w12", "café", "w30", "!", "w20"));
            Cancellation stale = new Cancellation();
            stale.cancel();
            assertThrows(CancellationException.class, () -> stale.callAs(() -> model.integratedGradients(doc,
                    doc.predicted(), IntegratedGradients.Baseline.ZERO, 50)), type.id());
            assertThrows(CancellationException.class, () -> stale.callAs(() -> model.leaveOneOutOutputs(doc)),
                    type.id());
            // The same calls outside any task, or with a live token, complete.
            assertEquals(50, model.integratedGradients(doc, doc.predicted(), IntegratedGradients.Baseline.ZERO, 50).steps());
            assertEquals(doc.size(), new Cancellation().callAs(() -> model.leaveOneOutOutputs(doc)).size());
        }
    }
}
