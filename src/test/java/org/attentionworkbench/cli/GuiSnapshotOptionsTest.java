package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class GuiSnapshotOptionsTest {

    @Command(name = "gui")
    static final class Holder {
        @Mixin
        GuiSnapshotOptions snapshot;
    }

    private static GuiSnapshotOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.snapshot;
    }

    @Test
    void textAndSize() {
        GuiSnapshotOptions o = parse("--text", "not bad at all", "--snapshot", "out.png", "--size", "1200x800");
        o.validate();
        assertTrue(o.requested());
        assertEquals("not bad at all", o.text());
        assertNull(o.data());
        assertEquals(Path.of("out.png"), o.output());
        assertEquals(1200, o.width());
        assertEquals(800, o.height());
    }

    @Test
    void datasetEntryWithDefaultSize() {
        GuiSnapshotOptions o = parse("--data", "sst2:test", "--index", "7", "--snapshot", "o.png");
        o.validate();
        assertEquals("sst2:test", o.data());
        assertEquals(7, o.index());
        assertEquals(1600, o.width());
        assertEquals(1000, o.height());
    }

    @Test
    void helpListsEachOptionOnce() {
        String usage = new CommandLine(new GuiCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String option : new String[] {"--data=DATA", "--index=I", "--text=TEXT", "--snapshot=PNG"}) {
            // One line of the option list each (the synopsis line starts with "Usage:" or spaces and "[").
            long lines = usage.lines().filter(l -> l.strip().startsWith(option) || l.strip().matches("-\\w, " + java.util.regex.Pattern.quote(option) + ".*")).count();
            assertEquals(1, lines, option + " in\n" + usage);
        }
    }

    @Test
    void badCombinationsAreOneLineErrors() {
        assertThrows(UserException.class, () -> parse("--snapshot", "o.png").validate());
        assertThrows(UserException.class, () -> parse("--text", "x", "--snapshot", "o.png", "--size", "big").validate());
        assertThrows(UserException.class, () -> parse("--text", "x").validate());
        assertThrows(CommandLine.ParameterException.class, () -> parse("--text", "x", "--data", "d", "--index", "1"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--data", "d", "--snapshot", "o.png"));
        assertFalse(parse().requested());
        parse().validate();
    }
}
