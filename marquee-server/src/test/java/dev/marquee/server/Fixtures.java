package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.core.SampleDatasets;
import java.time.Duration;
import java.util.List;
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

    /** A valid one-row request for the churn model, one tensor per input column. */
    static String churnColumnTensors() {
        return "[" + String.join(",", List.of(
                "{\"name\":\"age\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[30]}",
                "{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"basic\"]}",
                "{\"name\":\"weekly_hours\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[3.5]}",
                "{\"name\":\"sessions_per_week\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[2]}",
                "{\"name\":\"has_kids\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[false]}",
                "{\"name\":\"favourite_genre\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"drama\"]}",
                "{\"name\":\"signup_date\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"2022-01-05\"]}",
                "{\"name\":\"monthly_spend\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":[7.5]}")) + "]";
    }
}
