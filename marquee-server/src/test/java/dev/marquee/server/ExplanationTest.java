package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-prediction explanations over HTTP and global importance in the registry. */
class ExplanationTest {
    private static final List<String> INPUTS = List.of(
            "age", "plan", "weekly_hours", "sessions_per_week", "has_kids", "favourite_genre", "signup_date",
            "monthly_spend");

    @TempDir
    Path dataDirectory;

    @Test
    void explainsALinearModelExactlyOnTheLogOddsScale() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 1500, 4);
            client.deploy("churn", "churn", 1);

            JsonNode response = explain(client, "churn", 5).successJson();

            JsonNode explanation = response.path("explanation");
            assertThat(explanation.path("method").asText()).isEqualTo("exact");
            assertThat(explanation.path("scale").asText()).isEqualTo("log_odds");
            assertThat(explanation.path("outputs").toString()).isEqualTo("[\"no\",\"yes\"]");
            JsonNode probabilities = EndToEndTest.output(response, "probabilities").path("data");
            assertThat(explanation.path("rows").size()).isPositive();
            for (int row = 0; row < explanation.path("rows").size(); row++) {
                JsonNode explained = explanation.path("rows").get(row);
                assertThat(fieldNames(explained.path("contributions"))).containsExactlyElementsOf(INPUTS);
                double yes = probabilities.get(2 * row + 1).asDouble();
                // FP32 probabilities on the wire: compare on the probability scale.
                double logOdds = sum(explained, 1);
                assertThat(1 / (1 + Math.exp(-logOdds))).isCloseTo(yes, within(1e-6));
                assertThat(sum(explained, 0)).isCloseTo(-logOdds, within(1e-9));
            }
        }
    }

    @Test
    void explainsAnyOtherModelWithBaselineShapleyValuesThatAddUpToTheProbability() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(
                    client, "churn", 800, 6, "mlp", Map.of("hidden_layers", "8", "max_epochs", "30"));
            client.deploy("churn", "churn", 1);

            JsonNode response = explain(client, "churn", 3).successJson();

            JsonNode explanation = response.path("explanation");
            assertThat(explanation.path("method").asText()).isEqualTo("baseline_shapley");
            assertThat(explanation.path("scale").asText()).isEqualTo("probability");
            JsonNode probabilities = EndToEndTest.output(response, "probabilities").path("data");
            assertThat(explanation.path("rows").size()).isPositive();
            for (int row = 0; row < explanation.path("rows").size(); row++) {
                JsonNode explained = explanation.path("rows").get(row);
                assertThat(sum(explained, 0)).isCloseTo(probabilities.get(2 * row).asDouble(), within(1e-6));
                assertThat(sum(explained, 1)).isCloseTo(probabilities.get(2 * row + 1).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void oipInferReturnsContributionsWhenAskedToExplain() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 1000, 5);
            client.deploy("churn", "churn", 1);
            JsonNode metadata = client.get("/v2/models/churn").successJson();
            List<Map<String, String>> viewers = new ArrayList<>();
            EndToEndTest.freshViewers(4, 21, viewers, new ArrayList<>());
            Map<String, Object> request = new java.util.LinkedHashMap<>(OipRequests.fromRows(metadata, viewers));

            JsonNode plain = client.infer("churn", request).successJson();
            request.put("parameters", Map.of("explain", true));
            JsonNode explained = client.infer("churn", request).successJson();
            request.put("parameters", Map.of("explain", "yes"));
            ApiResponse wrongType = client.infer("churn", request);

            assertThat(plain.path("outputs").findValuesAsText("name")).containsExactly("predict", "probabilities");
            JsonNode contributions = EndToEndTest.output(explained, "contributions");
            int width = INPUTS.size() + 1;
            int rows = viewers.size();
            assertThat(rows).isPositive();
            assertThat(contributions.path("shape").toString()).isEqualTo("[" + rows + ",2," + width + "]");
            JsonNode probabilities = EndToEndTest.output(explained, "probabilities").path("data");
            for (int row = 0; row < rows; row++) {
                double logOdds = 0;
                for (int column = 0; column < width; column++) {
                    logOdds += contributions.path("data").get((row * 2 + 1) * width + column).asDouble();
                }
                assertThat(1 / (1 + Math.exp(-logOdds)))
                        .isCloseTo(probabilities.get(2 * row + 1).asDouble(), within(1e-6));
            }
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(wrongType.json().path("error").asText())
                    .isEqualTo("parameter 'explain' must be a boolean, was yes");
        }
    }

    @Test
    void everyModelVersionCarriesGlobalImportanceAndItsEvaluation() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 1000, 2);

            JsonNode version = client.get("/v1/models/churn/versions/1").successJson();

            JsonNode evaluation = version.path("manifest").path("evaluation");
            assertThat(fieldNames(evaluation.path("feature_importance"))).containsExactlyInAnyOrderElementsOf(INPUTS);
            assertThat(evaluation.path("confusion_matrix").size()).isEqualTo(2);
            assertThat(evaluation.path("classes").findValuesAsText("label")).containsExactly("no", "yes");
        }
    }

    @Test
    void rejectsBadInputsAndUnknownEndpoints() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Fixtures.trainChurnModel(client, "churn", 500, 3);
            client.deploy("churn", "churn", 1);

            ApiResponse unknown = client.post("/v1/endpoints/nowhere/explain", Map.of("inputs", List.of()));
            ApiResponse wrongTensor = client.post("/v1/endpoints/churn/explain", Map.of("inputs", List.of(Map.of(
                    "name", "age", "datatype", "BYTES", "shape", List.of(1), "data", List.of("old")))));

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(wrongTensor.status()).isEqualTo(400);
            assertThat(wrongTensor.json().path("error").asText()).isEqualTo("missing input 'plan'");
        }
    }

    private static ApiResponse explain(MarqueeClient client, String endpoint, int rows) {
        JsonNode metadata = client.get("/v2/models/" + endpoint).successJson();
        List<Map<String, String>> viewers = new ArrayList<>();
        EndToEndTest.freshViewers(rows, 17, viewers, new ArrayList<>());
        return client.post("/v1/endpoints/" + endpoint + "/explain", OipRequests.fromRows(metadata, viewers));
    }

    /** base + Σ contributions of one output. */
    private static double sum(JsonNode explained, int output) {
        double total = explained.path("base").get(output).asDouble();
        for (JsonNode contribution : explained.path("contributions")) {
            total += contribution.get(output).asDouble();
        }
        return total;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
