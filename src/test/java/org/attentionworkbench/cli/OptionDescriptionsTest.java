package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command says what it does, and an option with a default says the default in
 * {@code --help} (picocli's {@code ${DEFAULT-VALUE}}, or the word "default" with the value spelled out).
 */
class OptionDescriptionsTest {

    private static void collect(CommandLine cl, List<String> problems) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            String name = cl.getCommandName() + " " + o.longestName();
            String text = String.join(" ", o.description()).strip();
            if (o.usageHelp() || o.versionHelp()) continue;
            boolean saysDefault = text.contains("${DEFAULT-VALUE}") || text.toLowerCase(java.util.Locale.ROOT).contains("default");
            if (text.isEmpty()) {
                problems.add(name + ": no description");
            } else if (o.defaultValue() != null && !o.type().equals(boolean.class) && !saysDefault) {
                problems.add(name + ": has the default " + o.defaultValue() + " but does not say so");
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) collect(sub, problems);
    }

    @Test
    void everyOptionIsDescribedWithItsDefault() {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> problems = new ArrayList<>();
        collect(cl, problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
