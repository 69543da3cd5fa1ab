package dev.marquee.cli;

import dev.marquee.client.MarqueeClient;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Upload and inspect datasets.",
        subcommands = {DatasetCommand.Upload.class, DatasetCommand.Append.class, DatasetCommand.ListDatasets.class,
                DatasetCommand.Show.class})
final class DatasetCommand {
    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Upload a file as a new dataset version: a CSV table (header row, comma-separated, UTF-8),"
                    + " interactions (--format) or an item catalogue (--kind catalogue).")
    static final class Upload extends CommandBase {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", description = "file to upload")
        Path file;

        @Option(names = "--name", required = true, description = "dataset name; uploading again makes a new version")
        String name;

        @Option(names = "--kind", description = "table (default), interactions or catalogue")
        String kind;

        @Option(names = "--format",
                description = "interaction format (implies --kind interactions): csv, tsv (header user,item[,rating]"
                        + "[,timestamp]), movielens_100k (u.data), movielens_1m (ratings.dat) or filmtrust")
        String format;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                err().println("no such file: " + file);
                return 2;
            }
            StringBuilder path = new StringBuilder("/v1/datasets?name=").append(MarqueeClient.encode(name));
            if (kind != null) {
                path.append("&kind=").append(MarqueeClient.encode(kind));
            }
            if (format != null) {
                path.append("&format=").append(MarqueeClient.encode(format));
            }
            try (MarqueeClient client = options.client()) {
                out().println(new Output().pretty(client.postFile(path.toString(), "text/csv", file).successJson()));
            }
            return 0;
        }
    }

    @Command(name = "append", mixinStandardHelpOptions = true,
            description = "Append interactions to the newest version of an interaction dataset, making the next"
                    + " version.")
    static final class Append extends CommandBase {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", description = "interaction file")
        Path file;

        @Option(names = "--dataset", required = true, description = "id of the dataset's newest version")
        String datasetId;

        @Option(names = "--format", defaultValue = "csv",
                description = "interaction format of the file (default ${DEFAULT-VALUE})")
        String format;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                err().println("no such file: " + file);
                return 2;
            }
            try (MarqueeClient client = options.client()) {
                out().println(new Output().pretty(client.postFile("/v1/datasets/" + MarqueeClient.encode(datasetId)
                        + "/append?format=" + MarqueeClient.encode(format), "text/plain", file).successJson()));
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
