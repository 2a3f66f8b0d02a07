package org.attentionworkbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.attentionworkbench.data.Json;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.SaliencyCalculator;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelExport;
import org.attentionworkbench.text.Vocabulary;

/**
 * The PyTorch side of the peer benchmark (issue 19): src/bench/pytorch/peer_bench.py run by a
 * python3 with torch, as a child process that serves one section per request, so that the
 * workbench can interleave its own timings with PyTorch's on the same review.
 *
 * <p>The model goes to Python as {@code workbench export} writes it (safetensors, no pickle); the
 * review goes as token ids, with the workbench's outputs beside them, in a JSON file the script
 * reads ({@link #writeInput}). The script refuses to time anything unless PyTorch gives the
 * workbench's probabilities and attention to 1e-5.
 */
public final class PytorchPeer implements AutoCloseable {

    /** Where the script is in a checkout, relative to the working directory. */
    public static final Path DEFAULT_SCRIPT = Path.of("src", "bench", "pytorch", "peer_bench.py");
    /** Where the installed application keeps it, under its home (the launcher's {@code app.home}). */
    public static final Path INSTALLED_SCRIPT = Path.of("share", "pytorch", "peer_bench.py");

    /**
     * The script to run when none is named: the checkout's where the working directory is a
     * checkout, else the installed application's copy, else the checkout's path (which then
     * fails with its one-line message).
     */
    public static Path defaultScript() {
        if (java.nio.file.Files.isRegularFile(DEFAULT_SCRIPT)) return DEFAULT_SCRIPT;
        String home = System.getProperty("app.home");
        if (home != null && !home.isBlank()) {
            Path installed = Path.of(home).resolve(INSTALLED_SCRIPT);
            if (java.nio.file.Files.isRegularFile(installed)) return installed;
        }
        return DEFAULT_SCRIPT;
    }
    /** Debian's python3, which python3-torch installs into. */
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    /**
     * What the script reported about agreement with the workbench.
     *
     * @param agree       probabilities and attention within the tolerance
     * @param tolerance   the largest absolute difference allowed
     * @param maxAbsDiff  the largest absolute difference per output (probabilities, attention, and
     *                    for information gradient, integrated_gradients, leave_one_out, occlusion)
     * @param torch       PyTorch's version
     * @param threads     the threads PyTorch computes with (1)
     * @param blas        the BLAS library PyTorch loaded (Debian's torch takes the system's libblas.so.3:
     *                    the reference BLAS, several times slower, unless OpenBLAS is installed)
     */
    public record Agreement(boolean agree, double tolerance, Map<String, Double> maxAbsDiff, String torch, int threads,
                            String blas) {
        public Agreement {
            maxAbsDiff = Map.copyOf(maxAbsDiff);
        }

        static Agreement of(JsonNode n) {
            Map<String, Double> d = new LinkedHashMap<>();
            n.path("max_abs_diff").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asDouble()));
            return new Agreement(n.path("agree").asBoolean(false), n.path("tolerance").asDouble(),
                    d, n.path("torch").asText("?"), n.path("threads").asInt(-1), n.path("blas").asText("unknown"));
        }
    }

    /** The peer failed: it could not start, disagreed with the workbench, or broke off. */
    public static final class PeerException extends IOException {
        /** @param message what went wrong, with the script's last error line where there is one */
        public PeerException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;
    private final Path errors;
    private final Agreement agreement;

    private PytorchPeer(Process process, Path errors) throws IOException {
        this.process = process;
        this.errors = errors;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        JsonNode first = readAnswer("the agreement check");
        this.agreement = Agreement.of(first);
        if (!agreement.agree()) {
            close();
            throw new PeerException("PyTorch does not reproduce the workbench's outputs within " + agreement.tolerance()
                    + ": largest differences " + agreement.maxAbsDiff());
        }
    }

    /**
     * Why the peer cannot run here (a one-line message for the user), or empty when it can: the
     * script must exist and {@code python} must import torch and numpy.
     */
    public static Optional<String> unavailable(Path python, Path script) {
        String hint = " (Debian: apt-get install python3-torch python3-numpy)";
        if (!Files.isRegularFile(script)) {
            return Optional.of("--compare-pytorch needs the peer script " + script.toAbsolutePath()
                    + ", which is not there: run from the workbench's source folder or name the script with --pytorch-script");
        }
        if (!Files.isExecutable(python)) {
            return Optional.of("--compare-pytorch needs python3 with PyTorch, and " + python + " is not there" + hint);
        }
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch, numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("--compare-pytorch: " + python + " did not import torch within 120 s");
            }
            if (p.exitValue() != 0) {
                return Optional.of("--compare-pytorch needs PyTorch, and " + python + " cannot import torch and numpy" + hint);
            }
        } catch (IOException e) {
            return Optional.of("--compare-pytorch could not run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("--compare-pytorch: interrupted while checking " + python);
        }
        return Optional.empty();
    }

    /**
     * Writes what the script reads into {@code dir}: the model's bundle (MODEL.safetensors,
     * .vocab.txt, .config.json) and input.json with the review's ids, the predicted class, the
     * workbench's probabilities and attention (asserted by the script) and its gradient,
     * integrated-gradient, leave-one-out and occlusion scores (reported).
     *
     * @return the input file
     */
    public static Path writeInput(AttentionModel model, EncodedDocument doc, Path dir) throws IOException {
        ModelExport.Bundle b = ModelExport.write(model, dir.resolve("model.safetensors"));
        SaliencyCalculator calc = new SaliencyCalculator(model);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("weights", b.weights().toAbsolutePath().toString());
        in.put("config", b.config().toAbsolutePath().toString());
        in.put("ids", doc.ids());
        in.put("predicted", doc.predicted());
        in.put("unk_id", Vocabulary.UNK_ID);
        in.put("probabilities", doc.probabilities());
        in.put("attention", doc.attention());
        in.put("gradient", calc.gradients(doc).get(0).scores());
        in.put("integrated_gradients",
                calc.integratedGradients(doc, IntegratedGradients.Baseline.ZERO, 50).attributions());
        in.put("leave_one_out", calc.leaveOneOut(doc).scores());
        in.put("occlusion", calc.occlusion(doc, SaliencyCalculator.Occluder.UNK).scores());
        Path file = dir.resolve("input.json");
        Files.write(file, Json.compactWriter().writeValueAsBytes(in));
        return file;
    }

    /** Starts the script's serving mode on {@code input}; it first checks agreement (a refusal throws). */
    public static PytorchPeer start(Path python, Path script, Path input) throws IOException {
        Path errors = Files.createTempFile("peer-bench", ".err");
        Process p = new ProcessBuilder(command(python, script, "serve", input))
                .redirectError(errors.toFile()).start();
        return new PytorchPeer(p, errors);
    }

    /** The script's check mode alone: agreement on {@code input}, no timing. */
    public static Agreement check(Path python, Path script, Path input) throws IOException {
        Path errors = Files.createTempFile("peer-bench", ".err");
        try {
            Process p = new ProcessBuilder(command(python, script, "check", input)).redirectError(errors.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(60, TimeUnit.SECONDS);
            String last = out.isEmpty() ? "" : out.lines().reduce((a, c) -> c).orElse("");
            if (!last.startsWith("{")) throw new PeerException("the peer script gave no answer: " + lastLine(errors));
            return Agreement.of(Json.mapper().readTree(last));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted");
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static List<String> command(Path python, Path script, String mode, Path input) {
        return new ArrayList<>(List.of(python.toString(), "-u", script.toString(), mode, input.toString()));
    }

    /** The agreement the script found before timing. */
    public Agreement agreement() {
        return agreement;
    }

    /** Has the script run {@code section} once; its wall time in milliseconds, as PyTorch's side measured it. */
    public double time(PeerSection section) throws IOException {
        requests.write(section.id() + "\n");
        requests.flush();
        JsonNode a = readAnswer(section.id());
        if (!a.has("ms")) throw new PeerException("the peer script could not time " + section.id() + ": " + a);
        return a.get("ms").asDouble();
    }

    private JsonNode readAnswer(String what) throws IOException {
        String line = answers.readLine();
        if (line == null) {
            throw new PeerException("the peer script stopped during " + what + ": " + lastLine(errors));
        }
        return Json.mapper().readTree(line);
    }

    private static String lastLine(Path errors) {
        try {
            return Files.readAllLines(errors, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .reduce((a, b) -> b).orElse("no message");
        } catch (IOException e) {
            return "no message";
        }
    }

    /** Asks the script to end, and ends it if it does not within 10 s. */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                try {
                    requests.write("quit\n");
                    requests.flush();
                } catch (IOException ignored) {
                    // already gone
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
