package dev.marquee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Submit a training job and, unless --no-wait, follow it with a progress bar.")
final class TrainCommand extends CommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--dataset", required = true, description = "dataset id")
    String datasetId;

    @Option(names = "--target", required = true, description = "column to predict")
    String target;

    @Option(names = "--algorithm", required = true,
            description = "algorithm, e.g. logistic_regression or linear_regression")
    String algorithm;

    @Option(names = "--model", required = true, description = "model name to register the result under")
    String model;

    @Option(names = "--param", description = "hyper-parameter, e.g. --param l2=0.01")
    Map<String, String> parameters = new HashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "seed of the split and training (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-wait", description = "return as soon as the job is queued")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT1H", description = "how long to wait (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        Output output = new Output();
        try (MarqueeClient client = options.client()) {
            JsonNode job = client.train(datasetId, model, target, algorithm, parameters, seed);
            if (noWait) {
                out().println(output.pretty(job));
                return 0;
            }
            out().println("job " + job.path("id").asText() + " submitted");
            ProgressBar bar = new ProgressBar(out());
            JsonNode finished = client.awaitJob(job.path("id").asText(), timeout,
                    state -> bar.update(state.path("progress").asDouble(), withEta(state)));
            bar.finish();
            out().println(output.pretty(finished));
            return finished.path("state").asText().equals("succeeded") ? 0 : 1;
        }
    }

    /** The job's message, prefixed by the estimated remaining time when the server gives one. */
    static String withEta(JsonNode job) {
        JsonNode eta = job.path("eta_seconds");
        String message = job.path("message").asText();
        if (!eta.isNumber()) {
            return message;
        }
        long seconds = eta.asLong();
        String remaining = seconds >= 3600
                ? "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60)
                : "%dm%02ds".formatted(seconds / 60, seconds % 60);
        return "ETA " + remaining + " " + message;
    }
}
