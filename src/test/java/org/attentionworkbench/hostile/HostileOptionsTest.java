package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17, "Options": every numeric option of explain, audit, evaluate, predict, bench and train
 * refuses a nonsense value (negative, zero where meaningless, absurdly large) with one line naming
 * the option, before any work. {@code explain --permutations=100000000} computed for minutes, then
 * died with OutOfMemoryError; {@code --adversarial-steps=0} reported a search that did not search.
 */
class HostileOptionsTest {

    private static final String M = HostileCli.MODEL;

    static Stream<Arguments> nonsense() {
        List<Arguments> cases = new ArrayList<>();
        String[] explain = {"explain", "-m", M, "--text", "a fine film"};
        add(cases, "--permutations", explain, "--permutations=100000000");
        add(cases, "--permutations", explain, "--permutations=0");
        add(cases, "--permutations", explain, "--permutations=-5");
        add(cases, "--adversarial-steps", explain, "--adversarial-steps=0");
        add(cases, "--adversarial-steps", explain, "--adversarial-steps=-1");
        add(cases, "--adversarial-steps", explain, "--adversarial-steps=2000000000");
        add(cases, "--ig-steps", explain, "--ig-steps=0");
        add(cases, "--ig-steps", explain, "--ig-steps=1000000000");
        add(cases, "--epsilon", explain, "--epsilon=-1");
        add(cases, "--epsilon", explain, "--epsilon=NaN");
        add(cases, "--epsilon", explain, "--epsilon=7");
        add(cases, "--quadratic-limit", explain, "--quadratic-limit=-1");
        add(cases, "--max-tokens", explain, "--max-tokens=0");
        add(cases, "--max-tokens", explain, "--max-tokens=5001");
        String[] audit = {"audit", "-m", M, "--data", "sst2:test", "--out", "target/never-written"};
        add(cases, "--threads", audit, "--threads", "0");
        add(cases, "--threads", audit, "--threads", "100000");
        add(cases, "--limit", audit, "--limit", "-3");
        add(cases, "--epsilon", audit, "--epsilon", "-0.5");
        add(cases, "--epsilon", audit, "--epsilon", "Infinity");
        add(cases, "--quadratic-limit", audit, "--quadratic-limit", "-1");
        add(cases, "--max-tokens", audit, "--max-tokens", "100000000");
        String[] evaluate = {"evaluate", "-m", M, "--data", "sst2:test"};
        add(cases, "--limit", evaluate, "--limit", "0");
        add(cases, "--limit", evaluate, "--limit", "-10");
        add(cases, "--max-tokens", evaluate, "--max-tokens", "-1");
        String[] predict = {"predict", "-m", M, "--text", "a fine film"};
        add(cases, "--top", predict, "--top", "-1");
        add(cases, "--max-tokens", predict, "--max-tokens", "0");
        String[] bench = {"bench", "-m", M};
        add(cases, "--repeats", bench, "--repeats", "0");
        add(cases, "--repeats", bench, "--repeats", "2000000000");
        add(cases, "--explains", bench, "--explains", "-1");
        add(cases, "--explains", bench, "--explains", "2000000000");
        add(cases, "--lengths", bench, "--lengths", "100,0");
        add(cases, "--lengths", bench, "--lengths", "9999999");
        String[] train = {"train", "--data", "nowhere.tsv", "--encoder", "average", "--out", "target/never.zip"};
        add(cases, "--epochs", train, "--epochs", "0");
        add(cases, "--epochs", train, "--epochs", "2000000000");
        add(cases, "--batch-size", train, "--batch-size", "0");
        add(cases, "--batch-size", train, "--batch-size", "-4");
        add(cases, "--lr", train, "--lr", "0");
        add(cases, "--lr", train, "--lr", "-0.1");
        add(cases, "--lr", train, "--lr", "NaN");
        add(cases, "--weight-decay", train, "--weight-decay", "-1");
        add(cases, "--clip-norm", train, "--clip-norm", "0");
        add(cases, "--embedding-dim", train, "--embedding-dim", "0");
        add(cases, "--embedding-dim", train, "--embedding-dim", "2000000000");
        add(cases, "--hidden", train, "--hidden", "-1");
        add(cases, "--hidden", train, "--hidden", "30000000");
        add(cases, "--attention-size", train, "--attention-size", "0");
        add(cases, "--max-length", train, "--max-length", "0");
        add(cases, "--max-length", train, "--max-length", "100000000");
        add(cases, "--min-count", train, "--min-count", "0");
        add(cases, "--max-vocab", train, "--max-vocab", "0");
        add(cases, "--max-vocab", train, "--max-vocab", "2147483647");
        add(cases, "--limit", train, "--limit", "0");
        add(cases, "--dev-fraction", train, "--dev-fraction", "0");
        add(cases, "--dev-fraction", train, "--dev-fraction", "1");
        add(cases, "--dev-fraction", train, "--dev-fraction", "-0.2");
        add(cases, "--checkpoint-minutes", train, "--checkpoint-minutes", "0");
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String option, String[] base, String... value) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(value));
        cases.add(Arguments.of(option, String.join(" ", a), a.toArray(new String[0])));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nonsense")
    void isRefusedInOneLineNamingTheOption(String option, String shown, String[] args) {
        long t0 = System.nanoTime();
        HostileCli r = HostileCli.run(args);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.exit(), shown + "\n" + r.all());
        HostileOutput.assertClean(r.all());
        String line = r.err().strip();
        assertTrue(line.startsWith("workbench: " + option + " must be"), line);
        assertEquals(1, line.lines().count(), "one line: " + line);
        assertEquals("", r.out(), "nothing computed or printed");
        assertTrue(seconds < 20, "refused before any work, took " + seconds + " s");
    }
}
