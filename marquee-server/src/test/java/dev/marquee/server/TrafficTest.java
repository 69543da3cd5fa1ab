package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weighted routes, sticky routing keys, route changes, feedback and the experiment report over REST, on one server
 * with two trained versions of a model (training is the slow part, so the tests share it; each uses its own
 * endpoint).
 */
class TrafficTest {
    @TempDir
    static Path dataDirectory;

    private static TestServer server;
    private static MarqueeClient client;
    private static Map<String, Object> request;
    private static String inferToken;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void trainTwoVersions() {
        server = TestServer.start(dataDirectory);
        client = Fixtures.tenant(server, "studio");
        Fixtures.trainChurnModel(client, "churn", 600, 1);
        Fixtures.trainChurnModel(client, "churn", 600, 2);
        client.deploy("metadata", "churn", 1);
        JsonNode metadata = client.get("/v2/models/metadata").successJson();
        List<Map<String, String>> rows = new ArrayList<>();
        EndToEndTest.freshViewers(2, 3, rows, new ArrayList<>());
        request = OipRequests.fromRows(metadata, rows);
        inferToken = client.post("/v1/api-keys", Map.of("name", "caller", "scopes", List.of("infer")))
                .successJson()
                .path("token")
                .asText();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    private static Map<String, Object> abEndpoint(String name, int controlWeight, int canaryWeight) {
        return Map.of(
                "name", name,
                "routes", List.of(
                        Map.of("name", "control", "model", "churn", "version", 1, "weight", controlWeight),
                        Map.of("name", "canary", "model", "churn", "version", "2", "weight", canaryWeight)));
    }

    private static Map<String, Object> withParameters(String id, String routingKey) {
        Map<String, Object> body = new LinkedHashMap<>(request);
        body.put("id", id);
        body.put("parameters", Map.of("routing_key", routingKey));
        return body;
    }

    @Test
    void anEndpointWithRoutesShowsThemAndAnswersWithTheVariant() {
        JsonNode endpoint = client.post("/v1/endpoints", Map.of(
                        "name", "shown",
                        "routes", List.of(
                                Map.of("name", "control", "model", "churn", "version", 1, "weight", 90),
                                Map.of("model", "churn", "version", 2, "weight", 10)),
                        "shadows", List.of(Map.of("model", "churn", "version", 2, "percent", 5, "name", "mirror")),
                        "batching", Map.of("max_batch_size", 32, "max_queue_delay_ms", 2)))
                .successJson();

        assertThat(endpoint.path("routes").findValuesAsText("name")).containsExactly("control", "churn-v2");
        assertThat(endpoint.path("routes").get(1).path("weight").asDouble()).isEqualTo(10);
        assertThat(endpoint.path("shadows").get(0).path("percent").asDouble()).isEqualTo(5);
        assertThat(endpoint.path("batching").path("max_batch_size").asInt()).isEqualTo(32);
        assertThat(endpoint.path("batching").path("max_queue_delay_ms").asInt()).isEqualTo(2);
        assertThat(client.get("/v1/endpoints/shown").successJson()).isEqualTo(endpoint);

        JsonNode answer = client.infer("shown", withParameters("r1", "user-1")).successJson();
        String route = answer.path("parameters").path("route").asText();
        assertThat(route).isIn("control", "churn-v2");
        assertThat(answer.path("model_version").asText()).isEqualTo(route.equals("control") ? "1" : "2");
        assertThat(client.get("/v2/models/shown").successJson().path("versions").toString()).isEqualTo("[\"1\",\"2\"]");
    }

    @Test
    void theRoutingKeyHeaderIsStickyAndTheRouteIsReportedInAHeader() throws Exception {
        client.post("/v1/endpoints", abEndpoint("sticky", 1, 1)).successJson();
        Map<String, String> first = new HashMap<>();
        for (int user = 0; user < 30; user++) {
            HttpResponse<String> response = inferWithHeader("sticky", "user-" + user);
            assertThat(response.statusCode()).isEqualTo(200);
            String route = response.headers().firstValue("X-Marquee-Route").orElseThrow();
            assertThat(mapper.readTree(response.body()).path("parameters").path("route").asText()).isEqualTo(route);
            first.put("user-" + user, route);
        }
        for (Map.Entry<String, String> user : first.entrySet()) {
            assertThat(inferWithHeader("sticky", user.getKey()).headers().firstValue("X-Marquee-Route"))
                    .contains(user.getValue());
            // The body's parameter is the same key by another way.
            assertThat(client.infer("sticky", withParameters("x", user.getKey())).successJson()
                            .path("parameters").path("route").asText())
                    .isEqualTo(user.getValue());
        }
        assertThat(first.values()).contains("control", "canary");
    }

    @Test
    void changingRoutesTakesEffectAtOnceAndCanRollBack() {
        client.post("/v1/endpoints", abEndpoint("ramp", 1, 0)).successJson();
        assertThat(routeOf("ramp", "anyone")).isEqualTo("control");

        JsonNode moved = client.put("/v1/endpoints/ramp/routes", Map.of("routes", List.of(
                        Map.of("name", "control", "model", "churn", "version", 1, "weight", 0),
                        Map.of("name", "canary", "model", "churn", "version", 2, "weight", 1))))
                .successJson();
        assertThat(moved.path("routes").findValuesAsText("name")).containsExactly("control", "canary");
        assertThat(routeOf("ramp", "anyone")).isEqualTo("canary");

        client.put("/v1/endpoints/ramp/routes", Map.of("routes", List.of(
                        Map.of("name", "control", "model", "churn", "version", 1, "weight", 1))))
                .successJson();
        assertThat(routeOf("ramp", "anyone")).isEqualTo("control");
        JsonNode audit = client.get("/v1/audit").successJson().path("entries");
        assertThat(audit.findValuesAsText("action")).contains("endpoint.routes");
    }

    @Test
    void feedbackAndTheExperimentFindTheBetterVariant() {
        client.post("/v1/endpoints", abEndpoint("experiment", 1, 1)).successJson();
        Map<String, Integer> served = new HashMap<>();
        for (int user = 0; user < 400; user++) {
            JsonNode answer = client.infer("experiment", withParameters("req-" + user, "user-" + user)).successJson();
            String route = answer.path("parameters").path("route").asText();
            served.merge(route, 1, Integer::sum);
            // The canary converts every other user, the control one in ten.
            boolean converted = route.equals("canary") ? user % 2 == 0 : user % 10 == 0;
            JsonNode receipt = client.post("/v1/endpoints/experiment/feedback",
                            Map.of("id", "req-" + user, "outcome", converted))
                    .successJson();
            assertThat(receipt.path("route").asText()).isEqualTo(route);
        }

        JsonNode report = client.get("/v1/endpoints/experiment/experiment").successJson();

        assertThat(report.path("metric").asText()).isEqualTo("conversion");
        assertThat(report.path("control").asText()).isEqualTo("control");
        JsonNode control = report.path("variants").get(0);
        assertThat(control.path("requests").asInt()).isEqualTo(served.get("control"));
        assertThat(control.path("feedback").asInt()).isEqualTo(served.get("control"));
        assertThat(control.path("interval").path("lower").asDouble())
                .isLessThan(control.path("mean").asDouble());
        JsonNode comparison = report.path("comparisons").get(0);
        assertThat(comparison.path("route").asText()).isEqualTo("canary");
        assertThat(comparison.path("test").asText()).isEqualTo("two-proportion z-test");
        assertThat(comparison.path("significant").asBoolean()).isTrue();
        assertThat(comparison.path("p_value").asDouble()).isLessThan(1e-6);
        assertThat(comparison.path("difference").asDouble()).isBetween(0.25, 0.55);
        assertThat(comparison.path("verdict").asText()).contains("'canary' has a higher conversion rate");
    }

    @Test
    void badTrafficIsRefusedNamingTheField() {
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "routes", List.of(
                        Map.of("model", "churn", "version", 1, "weight", -1)))),
                400, "'routes[0].weight'");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "routes", List.of(
                        Map.of("model", "churn", "version", 1, "weight", 0)))),
                400, "sum to a positive number");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "routes", List.of(
                        Map.of("model", "churn", "version", 1, "weight", 1),
                        Map.of("model", "churn", "version", 9, "weight", 1)))),
                404, "'routes[1].version': model 'churn' has no version 9");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "routes", List.of(
                        Map.of("model", "churn", "version", 1)))),
                400, "'routes[0].weight' is required");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "model", "churn", "version", 1,
                        "routes", List.of())),
                400, "not both");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "model", "churn", "version", 1,
                        "shadows", List.of(Map.of("model", "churn", "version", 2, "percent", 0)))),
                400, "'shadows[0].percent'");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "model", "churn", "version", 1,
                        "batching", Map.of("max_batch_size", 0, "max_queue_delay_ms", 1))),
                400, "'batching.max_batch_size'");
        assertError(client.post("/v1/endpoints", Map.of("name", "bad", "model", "churn", "version", 1,
                        "batching", Map.of("max_batch_size", 4))),
                400, "'batching.max_queue_delay_ms' is required");
        assertError(client.put("/v1/endpoints/missing/routes", Map.of("routes", List.of(
                        Map.of("model", "churn", "version", 1, "weight", 1)))),
                404, "endpoint 'missing' not found");
        assertThat(client.get("/v1/endpoints/bad").status()).isEqualTo(404);
    }

    @Test
    void badFeedbackIsRefused() {
        client.post("/v1/endpoints", abEndpoint("feedback", 1, 1)).successJson();
        client.infer("feedback", withParameters("seen", "someone")).successJson();

        assertError(client.post("/v1/endpoints/feedback/feedback", Map.of("id", "never-seen", "reward", 1)),
                404, "no inference with id 'never-seen'");
        assertError(client.post("/v1/endpoints/feedback/feedback", Map.of("id", "seen")),
                400, "exactly one of 'reward'");
        assertError(client.post("/v1/endpoints/feedback/feedback", Map.of("reward", 1)),
                400, "exactly one of 'id'");
        assertError(client.post("/v1/endpoints/feedback/feedback", Map.of("id", "seen", "outcome", "yes")),
                400, "'outcome' must be true or false");
        assertError(client.post("/v1/endpoints/nowhere/feedback", Map.of("id", "seen", "reward", 1)),
                404, "endpoint 'nowhere' not found");
        assertThat(client.post("/v1/endpoints/feedback/feedback", Map.of("id", "seen", "reward", 0.5)).status())
                .isEqualTo(201);
    }

    @Test
    void feedbackNeedsInferScopeAndRouteChangesNeedDeployScope() {
        client.post("/v1/endpoints", abEndpoint("scoped", 1, 1)).successJson();
        client.infer("scoped", withParameters("scoped-1", "someone")).successJson();
        try (MarqueeClient inferOnly = withKey("infer");
                MarqueeClient deployOnly = withKey("deploy");
                MarqueeClient stranger = Fixtures.tenant(server, "rival")) {
            assertThat(inferOnly.post("/v1/endpoints/scoped/feedback", Map.of("id", "scoped-1", "reward", 1))
                            .status())
                    .isEqualTo(201);
            assertThat(deployOnly.post("/v1/endpoints/scoped/feedback", Map.of("id", "scoped-1", "reward", 1))
                            .status())
                    .isEqualTo(403);
            assertThat(inferOnly.put("/v1/endpoints/scoped/routes", Map.of("routes", List.of(
                            Map.of("model", "churn", "version", 2, "weight", 1)))).status())
                    .isEqualTo(403);
            assertThat(inferOnly.get("/v1/endpoints/scoped/experiment").status()).isEqualTo(200);
            assertThat(stranger.post("/v1/endpoints/scoped/feedback", Map.of("id", "scoped-1", "reward", 1))
                            .status())
                    .isEqualTo(404);
            assertThat(stranger.get("/v1/endpoints/scoped/experiment").status()).isEqualTo(404);
        }
    }

    @Test
    void metricsCountRequestsPerRouteWithTheTenantId() {
        client.post("/v1/endpoints", abEndpoint("counted", 1, 0)).successJson();
        for (int call = 0; call < 3; call++) {
            client.infer("counted", request).successJson();
        }

        String metrics = server.anonymous().get("/metrics").text();

        assertThat(metrics).containsPattern(
                "marquee_inference_requests_total\\{endpoint=\"counted\",model=\"churn\",outcome=\"success\","
                        + "route=\"control\",tenant=\"tn_[0-9a-f]+\",version=\"1\"} 3.0");
        assertThat(metrics).contains("marquee_inference_duration_seconds_bucket{endpoint=\"counted\"");
        assertThat(metrics).doesNotContain("studio");
    }

    private String routeOf(String endpoint, String key) {
        return client.infer(endpoint, withParameters("r", key)).successJson().path("parameters").path("route")
                .asText();
    }

    private MarqueeClient withKey(String scope) {
        JsonNode key = client.post("/v1/api-keys", Map.of("name", scope + "-only", "scopes", List.of(scope)))
                .successJson();
        return client.withApiKey(key.path("token").asText());
    }

    private HttpResponse<String> inferWithHeader(String endpoint, String routingKey)
            throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest call = HttpRequest.newBuilder(URI.create(server.url() + "v2/models/" + endpoint + "/infer"))
                    .header("Authorization", "Bearer " + inferToken)
                    .header("Content-Type", "application/json")
                    .header("X-Marquee-Routing-Key", routingKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request)))
                    .build();
            return http.send(call, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertError(ApiResponse response, int status, String messagePart) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).contains(messagePart);
    }
}
