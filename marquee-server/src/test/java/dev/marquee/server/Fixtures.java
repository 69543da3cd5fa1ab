package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.core.SampleDatasets;
import java.time.Duration;
import java.util.Map;

/** Steps the server tests share, all over HTTP. */
final class Fixtures {
    static final String TARGET = "churned";

    private Fixtures() {}

    /** Creates a tenant through the operator and returns a client holding the tenant's admin key. */
    static MarqueeClient tenant(TestServer server, String name) {
        try (MarqueeClient operator = server.operator()) {
            JsonNode created = operator.post("/v1/tenants", Map.of("name", name)).successJson();
            return operator.withApiKey(created.path("admin_key").path("token").asText());
        }
    }

    /** Uploads generated viewers, trains logistic regression on them and waits; returns the finished job. */
    static JsonNode trainChurnModel(MarqueeClient client, String modelName, int rows, long seed) {
        return trainChurnModel(client, modelName, rows, seed, "logistic_regression", Map.of());
    }

    /** Uploads generated viewers, trains the algorithm on them and waits; returns the finished job. */
    static JsonNode trainChurnModel(
            MarqueeClient client, String modelName, int rows, long seed, String algorithm, Map<String, ?> parameters) {
        JsonNode dataset = client.uploadDataset("viewers", SampleDatasets.viewerChurn(rows, seed));
        JsonNode job = client.train(dataset.path("id").asText(), modelName, TARGET, algorithm, parameters, 42);
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(5), state -> {});
        if (!finished.path("state").asText().equals("succeeded")) {
            throw new AssertionError("training failed: " + finished);
        }
        return finished;
    }
}
