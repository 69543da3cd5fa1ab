package dev.marquee.cli;

import dev.marquee.client.MarqueeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List models, or show one model's versions, or one version's manifest.")
final class ModelsCommand extends CommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", arity = "0..1", description = "model name")
    String name;

    @Option(names = "--version", description = "version number to show")
    Integer version;

    @Override
    public Integer call() {
        String path = name == null
                ? "/v1/models"
                : "/v1/models/" + MarqueeClient.encode(name) + (version == null ? "" : "/versions/" + version);
        try (MarqueeClient client = options.client()) {
            out().println(new Output().pretty(client.get(path).successJson()));
        }
        return 0;
    }
}
