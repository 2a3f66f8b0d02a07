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
            } else if (o.defaultValue() == null && !o.required() && o.group() == null && o.arity().max() > 0
                    && !saysDefault && !text.contains("absent") && !text.contains("instead")) {
                // An optional value without picocli's default still has one (all documents, random
                // embeddings, the last model): the user must read what happens without the option.
                problems.add(name + ": optional, but does not say what happens without it (its default)");
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) collect(sub, problems);
    }

    /** The option lines of every command's {@code --help}, each option listed once. */
    private static void collectListedTwice(CommandLine cl, List<String> problems) {
        StringWriter help = new StringWriter();
        cl.usage(new PrintWriter(help));
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        // An option's line in the list starts with its names ("  -t, --text=TEXT   ..."): not the synopsis.
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^ {2,6}((?:-[A-Za-z], )?--?[A-Za-z][-A-Za-z]*)");
        for (String l : help.toString().lines().toList()) {
            java.util.regex.Matcher m = line.matcher(l);
            if (m.find()) seen.merge(m.group(1), 1, Integer::sum);
        }
        seen.forEach((option, n) -> {
            if (n > 1) problems.add(cl.getCommandName() + " " + option + ": listed " + n + " times in --help");
        });
        for (CommandLine sub : cl.getSubcommands().values()) collectListedTwice(sub, problems);
    }

    /**
     * picocli 4.7.6 listed the options of an argument group that comes from a mixin twice (gui's
     * --text, --data and --index; remkop/picocli#2309, fixed in 4.7.7).
     */
    @Test
    void noOptionIsListedTwice() {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> problems = new ArrayList<>();
        collectListedTwice(cl, problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyOptionIsDescribedWithItsDefault() {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> problems = new ArrayList<>();
        collect(cl, problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
