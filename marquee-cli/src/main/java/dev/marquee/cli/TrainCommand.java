package dev.marquee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Submit a training job and, unless --no-wait, follow it with a progress bar. A recommender"
                + " (most_popular, item_knn, ease, implicit_als) trains on an interaction dataset and takes no --target.")
final class TrainCommand extends CommandBase {
    @Mixin
    ClientOptions options;

    @Option(names = "--dataset", required = true, description = "dataset id")
    String datasetId;

    @Option(names = "--target", description = "column to predict (tabular algorithms)")
    String target;

    @Option(names = "--algorithm", required = true,
            description = "algorithm, e.g. logistic_regression, linear_regression or implicit_als")
    String algorithm;

    @Option(names = "--model", required = true, description = "model name to register the result under")
    String model;

    @Option(names = "--k", description = "recommenders: list length of the evaluation (default 10)")
    Integer k;

    @Option(names = "--protocol",
            description = "recommenders: per_user_random (default), leave_last_out or global_temporal")
    String protocol;

    @Option(names = "--catalogue", description = "recommenders: catalogue dataset id to carry in the model")
    String catalogue;

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
            JsonNode job = client.post("/v1/training-jobs", request()).successJson();
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

    /** The job request: tabular fields when a target is given, recommender fields otherwise. */
    Map<String, Object> request() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dataset_id", datasetId);
        request.put("model_name", model);
        request.put("algorithm", algorithm);
        request.put("parameters", parameters);
        request.put("seed", seed);
        if (target != null) {
            request.put("target", target);
        }
        if (k != null) {
            request.put("k", k);
        }
        if (protocol != null) {
            request.put("protocol", protocol);
        }
        if (catalogue != null) {
            request.put("catalogue_dataset_id", catalogue);
        }
        return request;
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
