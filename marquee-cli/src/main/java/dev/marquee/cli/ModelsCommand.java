package dev.marquee.cli;

import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List models, or show one model's versions, or one version's manifest.",
        subcommands = {ModelsCommand.ExportOnnx.class, ModelsCommand.Retrain.class})
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

    @Command(name = "retrain", mixinStandardHelpOptions = true,
            description = "Retrain a recommender with the same spec on the newest version of its interaction dataset;"
                    + " the job registers the next version.")
    static final class Retrain extends CommandBase {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", description = "model name")
        String name;

        @Override
        public Integer call() {
            try (MarqueeClient client = options.client()) {
                out().println(new Output().pretty(client.retrain(name)));
            }
            return 0;
        }
    }

    @Command(name = "export-onnx", mixinStandardHelpOptions = true,
            description = "Download a model version as an ONNX file with its preprocessing included.")
    static final class ExportOnnx extends CommandBase {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", description = "model name")
        String name;

        @Option(names = "--version", required = true, description = "version number")
        int version;

        @Option(names = "--output", description = "file to write; default <model>-v<version>.onnx")
        Path output;

        @Override
        public Integer call() {
            Path file = output == null ? Path.of(name + "-v" + version + ".onnx") : output;
            try (MarqueeClient client = options.client()) {
                ApiResponse response =
                        client.get("/v1/models/" + MarqueeClient.encode(name) + "/versions/" + version + "/onnx");
                if (!response.isSuccess()) {
                    response.successJson();
                }
                Files.write(file, response.body());
                out().println("wrote %s (%d bytes)".formatted(file, response.body().length));
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            return 0;
        }
    }
}
