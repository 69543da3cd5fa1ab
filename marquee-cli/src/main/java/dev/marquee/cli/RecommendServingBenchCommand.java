package dev.marquee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.server.JsonLogFormatter;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.ServerConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recommend-serving", mixinStandardHelpOptions = true,
        description = {
            "Load-tests recommendation serving over REST with wrk (Debian: apt-get install wrk): generates a catalogue"
                    + " and skewed plays, trains implicit ALS with the catalogue on an embedded server, deploys it and"
                    + " drives (a) POST /recommend for random known users, (b) the same with a genre filter, a"
                    + " maturity filter and three explanation items, (c) OIP infer of the same model for random users.",
            "Prints requests/s and latency per target and the issue's goal (a) >= 5,000 requests/s."})
final class RecommendServingBenchCommand extends CommandBase {
    private static final double GOAL_REQUESTS_PER_SECOND = 5_000;
    /**
     * Warm-up per target unless --warmup says otherwise: after 5 s the first target still ran at 5,800 requests/s with a
     * 190 ms p99 (JIT compilation of the scoring path under way); after 20 s, 8,100 with 32 ms.
     */
    private static final int WARMUP_SECONDS = 20;
    private static final int GENRES = 20;
    private static final String ENDPOINT = "picks";

    @Option(names = "--items", defaultValue = "50000", description = "catalogue items (default ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--users", defaultValue = "5000", description = "users with plays (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--plays", defaultValue = "30", description = "plays per user (default ${DEFAULT-VALUE})")
    int playsPerUser;

    @Option(names = "--factors", defaultValue = "32", description = "ALS factors (default ${DEFAULT-VALUE})")
    int factors;

    @Mixin
    LoadOptions load;

    @Option(names = "--output", defaultValue = "bench-results/recommend-serving.json",
            description = "where the JSON results go (default ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (items < 10 || users < 10 || playsPerUser < 3 || factors < 1 || !load.valid()) {
            err().println("--items and --users must be at least 10, --plays at least 3, the rest at least 1");
            return 2;
        }
        JsonLogFormatter.install(Level.WARNING);
        Path work = Files.createTempDirectory("marquee-recommend-bench");
        try {
            WrkLoad wrk = new WrkLoad(load.wrkExecutable, load.loadThreads, work);
            if (!wrk.available()) {
                err().println(load.wrkExecutable + " does not run here (Debian: apt-get install wrk)");
                return 2;
            }
            String adminKey = "bench-" + Long.toHexString(System.nanoTime());
            Map<String, WrkLoad.LoadResult> results = new LinkedHashMap<>();
            try (MarqueeServer server = MarqueeServer.start(ServerConfigLoader.fromProperties(Map.of(
                    "http-port", "0",
                    "grpc-port", "off",
                    "host", "127.0.0.1",
                    "data-dir", work.resolve("marquee-data").toString(),
                    "admin-key", adminKey)))) {
                String base = "http://127.0.0.1:" + server.port();
                String key = deploy(base, adminKey);
                String recommend = base + "/v1/endpoints/" + ENDPOINT + "/recommend";
                results.put("/recommend, k 10 (a)", measure(wrk, recommend,
                        script(key, "{\"user_id\":\"u%d\",\"k\":10}")));
                results.put("/recommend, filters + explain 3 (b)", measure(wrk, recommend, script(key,
                        "{\"user_id\":\"u%d\",\"k\":10,\"explain\":3,\"filters\":{\"exclude_genres\":[\"genre-1\"],"
                                + "\"max_maturity\":\"PG-13\"}}")));
                results.put("OIP infer, k 10 (c)", measure(wrk, base + "/v2/models/" + ENDPOINT + "/infer",
                        script(key, "{\"inputs\":[{\"name\":\"user_id\",\"datatype\":\"BYTES\",\"shape\":[1],"
                                + "\"data\":[\"u%d\"]}],\"parameters\":{\"k\":10}}")));
            }
            print(results);
            List<Map<String, Object>> rows = new ArrayList<>();
            results.forEach((target, result) -> rows.add(Map.of("target", target, "result", result)));
            BenchmarkFiles.writeJson(output, Map.of("items", items, "users", users, "plays_per_user", playsPerUser,
                    "factors", factors, "connections", load.connections, "load_threads", load.loadThreads, "cores",
                    Runtime.getRuntime().availableProcessors(), "results", rows));
            out().println("results written to " + output);
            return 0;
        } finally {
            BenchmarkFiles.deleteRecursively(work);
        }
    }

    /** A wrk script that POSTs {@code template} with a random known user in place of {@code %d}. */
    private String script(String key, String template) {
        return """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer %s"
                math.randomseed(7)
                request = function()
                  return wrk.format(nil, nil, nil, string.format([==[%s]==], math.random(0, %d)))
                end
                """.formatted(key, template, users - 1);
    }

    private WrkLoad.LoadResult measure(WrkLoad wrk, String url, String script) {
        wrk.runScript(url, script, load.connections, load.warmupSeconds(WARMUP_SECONDS));
        WrkLoad.LoadResult result = wrk.runScript(url, script, load.connections, load.durationSeconds);
        err().println("  " + url + ": " + result.describe());
        err().flush();
        return result;
    }

    /** Uploads the generated catalogue and plays, trains implicit ALS with the catalogue, deploys; the tenant key. */
    private String deploy(String base, String adminKey) {
        try (MarqueeClient operator = new MarqueeClient(URI.create(base + "/"), java.util.Optional.of(adminKey), Duration.ofMinutes(10))) {
            String key = operator.post("/v1/tenants", Map.of("name", "bench")).successJson()
                    .path("admin_key").path("token").asText();
            try (MarqueeClient client = operator.withApiKey(key)) {
                String catalogueId = client.postBytes("/v1/datasets?name=films&kind=catalogue", "text/csv",
                        catalogue()).successJson().path("id").asText();
                String datasetId = client.uploadInteractions("plays", "csv", plays()).path("id").asText();
                err().printf(Locale.ROOT, "  training implicit_als (%d factors) on %d users x %d plays over %d items%n",
                        factors, users, playsPerUser, items);
                err().flush();
                JsonNode job = client.post("/v1/training-jobs", Map.of("dataset_id", datasetId, "model_name", ENDPOINT,
                        "algorithm", "implicit_als", "parameters", Map.of("factors", factors, "iterations", 5),
                        "catalogue_dataset_id", catalogueId, "seed", 42)).successJson();
                JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(30), state -> {});
                if (!finished.path("state").asText().equals("succeeded")) {
                    throw new IllegalStateException("training failed: " + finished.path("message").asText());
                }
                client.deploy(ENDPOINT, ENDPOINT, finished.path("model_version").asInt());
                client.post("/v1/endpoints/" + ENDPOINT + "/recommend", Map.of("user_id", "u1")).successJson();
            }
            return key;
        }
    }

    /** Items {@code i0..}: a title, two of {@value #GENRES} genres, a maturity rating, available in the US. */
    private byte[] catalogue() {
        String[] ratings = {"G", "PG", "PG-13", "R"};
        StringBuilder csv = new StringBuilder("id,title,genres,maturity,availability\n");
        for (int item = 0; item < items; item++) {
            csv.append('i').append(item).append(",Title ").append(item).append(",genre-").append(item % GENRES)
                    .append("|genre-").append((item / GENRES) % GENRES).append(',').append(ratings[item % 4])
                    .append(",US:2020-01-01..\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Plays skewed towards low item numbers (popularity ~ a power law), as streaming catalogues are. */
    private byte[] plays() {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder csv = new StringBuilder("user,item\n");
        for (int user = 0; user < users; user++) {
            for (int play = 0; play < playsPerUser; play++) {
                int item = (int) (items * Math.pow(random.nextDouble(), 3));
                csv.append('u').append(user).append(",i").append(item).append('\n');
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void print(Map<String, WrkLoad.LoadResult> results) {
        out().printf(Locale.ROOT, "%n%d items, %d users, %d connections, %d s per target, %d cores%n%n", items, users,
                load.connections, load.durationSeconds, Runtime.getRuntime().availableProcessors());
        out().println("| target | requests/s | mean ms | p50 ms | p99 ms | errors |");
        out().println("|---|---|---|---|---|---|");
        results.forEach((target, result) -> out().printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.2f | %d |%n",
                target, result.requestsPerSecond(), result.meanMillis(), result.p50Millis(), result.p99Millis(),
                result.errors()));
        double recommend = results.values().iterator().next().requestsPerSecond();
        out().println();
        out().println("| goal | measured | met |");
        out().println("|---|---|---|");
        out().printf(Locale.ROOT, "| (a) >= 5,000 requests/s | %,.0f | %s |%n", recommend,
                recommend >= GOAL_REQUESTS_PER_SECOND ? "yes" : "NO");
    }
}
