package dev.marquee.cli;

import dev.marquee.client.MarqueeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a model version (or alias) under an endpoint name; redeploying swaps it with no failed request.")
final class DeployCommand extends CommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--endpoint", required = true, description = "endpoint name (the Open Inference Protocol model name)")
    String endpoint;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--version", required = true, description = "version number or alias, e.g. 3 or champion")
    String version;

    @Override
    public Integer call() {
        try (MarqueeClient client = options.client()) {
            out().println(new Output().pretty(client.deploy(endpoint, model, version)));
        }
        return 0;
    }
}
