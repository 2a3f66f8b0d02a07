package org.attentionworkbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.data.Json;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PyTorch peer (src/bench/pytorch/peer_bench.py) rebuilds each shipped encoder from an export
 * and gives the workbench's outputs on a short review; runs only where python3 imports torch.
 */
class PytorchPeerTest {

    private static final String TEXT = "A slow start, but the acting is wonderful and the ending moved me."
            + " Not a perfect film, yet I would gladly watch it again.";

    private static void assumePeer() {
        assumeTrue(PytorchPeer.unavailable(PytorchPeer.DEFAULT_PYTHON, PytorchPeer.DEFAULT_SCRIPT).isEmpty(),
                "python3 with torch and numpy, and the peer script, are needed");
    }

    private static AttentionModel load(String name) throws Exception {
        return ModelLoader.load(ModelCatalog.fromEnvironment().resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"imdb-bilstm", "imdb-cnn", "imdb-average"})
    void pytorchGivesTheWorkbenchsOutputs(String name, @TempDir Path dir) throws Exception {
        assumePeer();
        AttentionModel model = load(name);
        EncodedDocument doc = model.encode(TEXT);
        Path input = PytorchPeer.writeInput(model, doc, dir);
        PytorchPeer.Agreement a = PytorchPeer.check(PytorchPeer.DEFAULT_PYTHON, PytorchPeer.DEFAULT_SCRIPT, input);
        assertTrue(a.agree(), name + ": " + a);
        assertEquals(1, a.threads(), "one thread, as ours");
        assertTrue(a.maxAbsDiff().get("probabilities") <= 1e-5, name + ": " + a.maxAbsDiff());
        assertTrue(a.maxAbsDiff().get("attention") <= 1e-5, name + ": " + a.maxAbsDiff());
        // The sections compute the same thing on both sides: the saliency scores agree too (float32
        // on both sides, ours with its own tanh and summation orders).
        for (String s : new String[] {"gradient", "integrated_gradients", "leave_one_out", "occlusion"}) {
            assertTrue(a.maxAbsDiff().get(s) <= 1e-4, name + " " + s + ": " + a.maxAbsDiff());
        }
    }

    @Test
    void aPeerThatDisagreesIsRefusedBeforeTiming(@TempDir Path dir) throws Exception {
        assumePeer();
        AttentionModel model = load("imdb-cnn");
        Path input = PytorchPeer.writeInput(model, model.encode(TEXT), dir);
        ObjectNode in = (ObjectNode) Json.mapper().readTree(input.toFile());
        ArrayNode p = (ArrayNode) in.get("probabilities");
        p.set(0, p.get(0).asDouble() + 1e-3);
        Files.write(input, Json.mapper().writeValueAsBytes(in));
        assertFalse(PytorchPeer.check(PytorchPeer.DEFAULT_PYTHON, PytorchPeer.DEFAULT_SCRIPT, input).agree());
        PytorchPeer.PeerException e = assertThrows(PytorchPeer.PeerException.class,
                () -> PytorchPeer.start(PytorchPeer.DEFAULT_PYTHON, PytorchPeer.DEFAULT_SCRIPT, input));
        assertTrue(e.getMessage().contains("does not reproduce"), e.getMessage());
    }

    @Test
    void servesOneSectionPerRequest(@TempDir Path dir) throws Exception {
        assumePeer();
        AttentionModel model = load("imdb-average");
        EncodedDocument doc = model.encode(TEXT);
        Path input = PytorchPeer.writeInput(model, doc, dir);
        try (PytorchPeer peer = PytorchPeer.start(PytorchPeer.DEFAULT_PYTHON, PytorchPeer.DEFAULT_SCRIPT, input)) {
            assertTrue(peer.agreement().agree());
            for (PeerSection s : new PeerSection[] {PeerSection.GRADIENT, PeerSection.LEAVE_ONE_OUT,
                    PeerSection.PERMUTATIONS_100, PeerSection.INTEGRATED_GRADIENTS_EQUAL_ERROR}) {
                double ms = peer.time(s);
                assertTrue(ms > 0 && ms < 60_000, s + ": " + ms);
                assertTrue(s.runOurs(model, doc) > 0, s.id());
            }
        }
    }

    @Test
    void saysWhyThePeerCannotRun(@TempDir Path dir) {
        String noScript = PytorchPeer.unavailable(PytorchPeer.DEFAULT_PYTHON, dir.resolve("missing.py")).orElseThrow();
        assertTrue(noScript.contains("missing.py") && noScript.contains("--pytorch-script"), noScript);
        String noPython = PytorchPeer.unavailable(dir.resolve("python3"), PytorchPeer.DEFAULT_SCRIPT).orElseThrow();
        assertTrue(noPython.contains("python3-torch"), noPython);
        assertFalse(noPython.contains("\n"), noPython);
    }
}
