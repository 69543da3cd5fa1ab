package dev.marquee.cli;

import dev.marquee.client.MarqueeApiException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "marquee", mixinStandardHelpOptions = true, versionProvider = MarqueeCommand.Version.class,
        description = "Marquee: a Model-as-a-Service platform for the entertainment industry.",
        subcommands = {
            ServeCommand.class,
            QuickstartCommand.class,
            DatasetCommand.class,
            TrainCommand.class,
            ModelsCommand.class,
            BenchCommand.class,
            DeployCommand.class,
            PredictCommand.class
        })
public final class MarqueeCommand {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to the given writers; returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new MarqueeCommand()).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            switch (exception) {
                case MarqueeApiException api -> line.getErr().println("error: " + api.getMessage());
                case UncheckedIOException io -> line.getErr().println("error: " + io.getMessage());
                case IllegalArgumentException bad -> line.getErr().println("error: " + bad.getMessage());
                case IllegalStateException state -> line.getErr().println("error: " + state.getMessage());
                default -> throw exception;
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MarqueeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"marquee " + (version == null ? "development build" : version)};
        }
    }
}
