package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code workbench} command: entry point of the launcher script, of {@code mvn javafx:run} and
 * of {@code java -cp}. Without arguments it opens the window ({@code gui}).
 *
 * <p>Exit codes: 0 success, 1 user error (one line on stderr, no stack trace unless
 * {@code --debug}), 2 usage error. Deliberately not a JavaFX {@code Application}: a main class that
 * is one cannot start from the plain class path.
 */
@Command(name = "workbench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Does attention explain a text classifier's prediction? An interactive workbench.",
        subcommands = {
                GuiCommand.class,
                PredictCommand.class,
                ModelsCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                ExplainCommand.class,
                BenchCommand.class,
                AuditCommand.class,
                DataCommand.class,
                ImportCommand.class,
                ExportCommand.class,
                RoarCommand.class,
                SanityCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    /** Exit code of a user error (bad model file, empty text, ...). */
    public static final int USER_ERROR = 1;

    // Read from the raw arguments by the error handler (it must work whichever subcommand failed);
    // declared here so that it is accepted everywhere and listed in the help.
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        return new GuiCommand().call();
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line with the process's stdout/stderr; returns the exit code. */
    public static int execute(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /**
     * The one line for a command line picocli cannot read: its message, the suggestions it has for
     * a mistyped name, and where the command's options are listed.
     */
    static String usageError(CommandLine.ParameterException ex) {
        StringBuilder line = new StringBuilder("workbench: ").append(ex.getMessage().strip().replaceAll("\\s*\\R\\s*", "; "));
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
        }
        String command = ex.getCommandLine() == null ? "workbench" : ex.getCommandLine().getCommandSpec().qualifiedName();
        return line.append("; see '").append(command).append(" --help'").toString();
    }

    /**
     * The configured command line, writing to {@code out} and {@code err} (tests capture them).
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = Arrays.asList(parseResult.originalArgs().toArray(new String[0])).contains("--debug");
            err.println("workbench: " + UserErrors.message(ex));
            if (debug) {
                ex.printStackTrace(err);
            } else if (!UserErrors.isUserError(ex)) {
                err.println("(run again with --debug to see the details)");
            }
            err.flush();
            return USER_ERROR;
        });
        // A mistyped command line is a user error too: one line, exit code 1, not picocli's usage screen.
        cl.setParameterExceptionHandler((ex, args) -> {
            err.println(usageError(ex));
            err.flush();
            return USER_ERROR;
        });
        return cl;
    }
}
