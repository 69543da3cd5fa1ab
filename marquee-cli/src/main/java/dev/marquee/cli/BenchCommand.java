package dev.marquee.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that run Marquee and today's tools side by side and print the ratios.",
        subcommands = {TabularBenchCommand.class, ServingBenchCommand.class, RecommendBenchCommand.class,
                RecommendServingBenchCommand.class})
final class BenchCommand extends CommandBase {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }
}
