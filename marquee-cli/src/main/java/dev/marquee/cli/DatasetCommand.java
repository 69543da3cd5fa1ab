package dev.marquee.cli;

import dev.marquee.client.MarqueeClient;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Upload and inspect datasets.",
        subcommands = {DatasetCommand.Upload.class, DatasetCommand.ListDatasets.class, DatasetCommand.Show.class})
final class DatasetCommand {
    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Upload a CSV file (header row, comma-separated, UTF-8) as a new dataset version.")
    static final class Upload extends CommandBase {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", description = "CSV file")
        Path file;

        @Option(names = "--name", required = true, description = "dataset name; uploading again makes a new version")
        String name;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                err().println("no such file: " + file);
                return 2;
            }
            try (MarqueeClient client = options.client()) {
                out().println(new Output().pretty(client.uploadDataset(name, file)));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List datasets.")
    static final class ListDatasets extends CommandBase {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            try (MarqueeClient client = options.client()) {
                out().println(new Output().pretty(client.get("/v1/datasets").successJson()));
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a dataset's schema and statistics.")
    static final class Show extends CommandBase {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", description = "dataset id")
        String datasetId;

        @Override
        public Integer call() {
            try (MarqueeClient client = options.client()) {
                out().println(new Output().pretty(
                        client.get("/v1/datasets/" + MarqueeClient.encode(datasetId)).successJson()));
            }
            return 0;
        }
    }
}
