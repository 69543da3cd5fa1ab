package dev.marquee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import dev.marquee.core.SampleDatasets;
import dev.marquee.server.JsonLogFormatter;
import dev.marquee.server.KeyTokens;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.ServerConfig;
import dev.marquee.server.ServerConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"The newcomer path: start an embedded server, create a tenant and key, upload generated",
            "sample data (streaming-service viewers), train a churn classifier and a spend regressor,",
            "deploy both and call them over the Open Inference Protocol, then train a recommender on",
            "generated plays and ask it for recommendations, printing every curl command used."})
final class QuickstartCommand extends CommandBase {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--grpc-port", defaultValue = "8081",
            description = "gRPC port (default ${DEFAULT-VALUE}; 0 = any free port, off = no gRPC)")
    String grpcPort;

    @Option(names = "--data-dir", defaultValue = "./marquee-data", description = "data directory (default ${DEFAULT-VALUE})")
    Path dataDirectory;

    @Option(names = "--rows", defaultValue = "5000", description = "rows of generated sample data (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--serve", description = "keep the server running afterwards so the printed commands can be tried")
    boolean keepServing;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonLogFormatter.install(Level.WARNING);
        String adminKey = Optional.ofNullable(System.getenv("MARQUEE_ADMIN_KEY")).orElseGet(() -> new KeyTokens().newToken());
        ServerConfig config = ServerConfigLoader.fromProperties(Map.of(
                "http-port", Integer.toString(port),
                "grpc-port", grpcPort,
                "data-dir", dataDirectory.toString(),
                "admin-key", adminKey));
        MarqueeServer server = MarqueeServer.start(config);
        try {
            String url = "http://localhost:" + server.port();
            step("Marquee is running at " + url + " with data in " + dataDirectory.toAbsolutePath());
            out().println("  operator admin key: " + adminKey);
            out().println("  export MARQUEE_URL=" + url + " MARQUEE_ADMIN_KEY=" + adminKey);
            run(new MarqueeClient(URI.create(url + "/"), adminKey), url);
            if (keepServing) {
                out().println("\nThe server keeps running; Ctrl-C stops it.");
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "marquee-quickstart-stop"));
                stopped.await();
            }
        } finally {
            server.close();
        }
        return 0;
    }

    private void run(MarqueeClient operator, String url) throws IOException {
        String tenantName = "quickstart-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        step("Create a tenant with its own admin key");
        curl("POST", url + "/v1/tenants", "$MARQUEE_ADMIN_KEY", "{\"name\":\"" + tenantName + "\"}");
        JsonNode tenant = operator.post("/v1/tenants", Map.of("name", tenantName)).successJson();
        String tenantKey = tenant.path("admin_key").path("token").asText();
        out().println("  tenant " + tenant.path("tenant").path("id").asText() + ", key " + tenantKey);
        out().println("  export TENANT_KEY=" + tenantKey);
        try (MarqueeClient client = operator.withApiKey(tenantKey)) {
            Path csv = dataDirectory.resolve("samples").resolve("viewer-churn.csv");
            Files.createDirectories(csv.getParent());
            Files.writeString(csv, SampleDatasets.viewerChurn(rows, 7), StandardCharsets.UTF_8);
            step("Upload " + rows + " generated viewers as a dataset");
            out().println("  curl -s -X POST '" + url + "/v1/datasets?name=viewers' -H \"Authorization: Bearer $TENANT_KEY\""
                    + " -H 'Content-Type: text/csv' --data-binary @" + csv.toAbsolutePath());
            JsonNode dataset = client.uploadDataset("viewers", csv);
            String datasetId = dataset.path("id").asText();
            out().println("  dataset " + datasetId + ": " + dataset.path("profile").path("row_count").asLong() + " rows, columns "
                    + columnTypes(dataset));

            int churnVersion = trainAndDeploy(client, url, datasetId, "churn", "churned", "logistic_regression");
            int spendVersion = trainAndDeploy(client, url, datasetId, "spend", "monthly_spend", "linear_regression");

            List<Map<String, String>> viewers = List.of(
                    Map.of("age", "24", "plan", "basic", "weekly_hours", "1.5", "sessions_per_week", "1",
                            "has_kids", "false", "favourite_genre", "documentary", "signup_date", "2024-03-01",
                            "monthly_spend", "6.5", "churned", "no"),
                    Map.of("age", "41", "plan", "premium", "weekly_hours", "16", "sessions_per_week", "12",
                            "has_kids", "true", "favourite_genre", "kids", "signup_date", "2019-06-15",
                            "monthly_spend", "20.1", "churned", "no"));
            infer(client, url, "churn", churnVersion, viewers);
            infer(client, url, "spend", spendVersion, viewers);
            recommend(client, url);
        }
        step("Done. The server's REST API is documented at " + url + "/openapi.yaml");
    }

    private String columnTypes(JsonNode dataset) {
        StringBuilder types = new StringBuilder();
        for (JsonNode column : dataset.path("profile").path("schema").path("columns")) {
            types.append(types.isEmpty() ? "" : ", ")
                    .append(column.path("name").asText()).append(':')
                    .append(column.path("type").asText().toLowerCase(Locale.ROOT));
        }
        return types.toString();
    }

    private int trainAndDeploy(MarqueeClient client, String url, String datasetId, String model, String target,
            String algorithm) {
        step("Train " + algorithm + " predicting '" + target + "' as model '" + model + "'");
        String body = "{\"dataset_id\":\"%s\",\"model_name\":\"%s\",\"target\":\"%s\",\"algorithm\":\"%s\",\"seed\":42}"
                .formatted(datasetId, model, target, algorithm);
        curl("POST", url + "/v1/training-jobs", "$TENANT_KEY", body);
        JsonNode job = client.train(datasetId, model, target, algorithm, Map.of(), 42);
        ProgressBar bar = new ProgressBar(out());
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(30),
                state -> bar.update(state.path("progress").asDouble(), TrainCommand.withEta(state)));
        bar.finish();
        out().println("  follow it with: curl -s " + url + "/v1/training-jobs/" + job.path("id").asText()
                + " -H \"Authorization: Bearer $TENANT_KEY\"");
        if (!finished.path("state").asText().equals("succeeded")) {
            throw new IllegalStateException("training failed: " + finished.path("message").asText());
        }
        out().println("  test metrics (held-out rows): " + finished.path("metrics"));
        int version = finished.path("model_version").asInt();
        step("Deploy " + model + " version " + version + " as endpoint '" + model + "'");
        curl("POST", url + "/v1/endpoints", "$TENANT_KEY",
                "{\"name\":\"%s\",\"model\":\"%s\",\"version\":%d}".formatted(model, model, version));
        client.deploy(model, model, version);
        return version;
    }

    private void infer(MarqueeClient client, String url, String endpoint, int version, List<Map<String, String>> rows)
            throws IOException {
        step("Call endpoint '" + endpoint + "' (version " + version + ") over the Open Inference Protocol");
        JsonNode metadata = client.get("/v2/models/" + endpoint).successJson();
        Map<String, Object> request = OipRequests.fromRows(metadata, rows);
        curl("POST", url + "/v2/models/" + endpoint + "/infer", "$TENANT_KEY", mapper.writeValueAsString(request));
        JsonNode response = client.infer(endpoint, request).successJson();
        for (JsonNode output : response.path("outputs")) {
            out().println("  " + output.path("name").asText() + " " + output.path("shape") + ": " + output.path("data"));
        }
    }

    /**
     * Generated plays (viewers in four taste groups over 60 titles) → implicit ALS → endpoint 'picks' → /recommend for
     * a known viewer with two explanation items each.
     */
    private void recommend(MarqueeClient client, String url) throws IOException {
        StringBuilder plays = new StringBuilder("user,item\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int user = 0; user < 400; user++) {
            for (int event = 0; event < 12; event++) {
                int item = random.nextDouble() < 0.8 ? (user % 4) * 15 + random.nextInt(15) : random.nextInt(60);
                plays.append("viewer-").append(user).append(",title-").append(item).append('\n');
            }
        }
        Path csv = dataDirectory.resolve("samples").resolve("plays.csv");
        Files.writeString(csv, plays, StandardCharsets.UTF_8);
        step("Upload generated plays as interactions and train a recommender (implicit ALS)");
        out().println("  curl -s -X POST '" + url + "/v1/datasets?name=plays&kind=interactions&format=csv'"
                + " -H \"Authorization: Bearer $TENANT_KEY\" -H 'Content-Type: text/csv' --data-binary @"
                + csv.toAbsolutePath());
        String datasetId = client.uploadInteractions("plays", "csv", Files.readAllBytes(csv)).path("id").asText();
        String body = "{\"dataset_id\":\"%s\",\"model_name\":\"picks\",\"algorithm\":\"implicit_als\",\"seed\":42}"
                .formatted(datasetId);
        curl("POST", url + "/v1/training-jobs", "$TENANT_KEY", body);
        JsonNode finished = client.awaitJob(client.post("/v1/training-jobs", mapper.readTree(body)).successJson()
                .path("id").asText(), Duration.ofMinutes(30), state -> {});
        if (!finished.path("state").asText().equals("succeeded")) {
            throw new IllegalStateException("training failed: " + finished.path("message").asText());
        }
        out().println("  test metrics (held-out interactions): " + finished.path("metrics"));
        int version = finished.path("model_version").asInt();
        curl("POST", url + "/v1/endpoints", "$TENANT_KEY",
                "{\"name\":\"picks\",\"model\":\"picks\",\"version\":%d}".formatted(version));
        client.deploy("picks", "picks", version);
        step("Recommend five titles for viewer-7, explained by the titles they played");
        String request = "{\"user_id\":\"viewer-7\",\"k\":5,\"explain\":2}";
        curl("POST", url + "/v1/endpoints/picks/recommend", "$TENANT_KEY", request);
        JsonNode answer = client.post("/v1/endpoints/picks/recommend", mapper.readTree(request)).successJson();
        out().println("  strategy " + answer.path("strategy").asText() + ":");
        for (JsonNode item : answer.path("items")) {
            out().printf(Locale.ROOT, "  %-10s %.3f  because of %s%n", item.path("item_id").asText(),
                    item.path("score").asDouble(), item.path("because").path("items").findValuesAsText("item_id"));
        }
    }

    private void step(String title) {
        out().println();
        out().println("==> " + title);
    }

    private void curl(String method, String url, String keyVariable, String jsonBody) {
        out().println("  curl -s -X " + method + " " + url + " -H \"Authorization: Bearer " + keyVariable + "\""
                + " -H 'Content-Type: application/json' -d '" + jsonBody + "'");
    }
}
