package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import io.helidon.http.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the server's route table, called with another tenant's ids, answers 404; without a key 401;
 * with a key lacking the scope 403. Routes are read from the table, so new routes are covered automatically.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {
    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    private TestServer server;
    private MarqueeClient tenantA;
    private MarqueeClient tenantB;
    private Map<String, String> idsOfA;

    @BeforeAll
    void createTwoTenants(@TempDir Path dataDirectory) {
        server = TestServer.start(dataDirectory);
        tenantA = Fixtures.tenant(server, "tenant-a");
        tenantB = Fixtures.tenant(server, "tenant-b");
        JsonNode job = Fixtures.trainChurnModel(tenantA, "churn-of-a", 600, 1);
        tenantA.put("/v1/models/churn-of-a/aliases/champion", Map.of("version", 1)).successJson();
        tenantA.deploy("endpoint-of-a", "churn-of-a", "champion");
        JsonNode key = tenantA.post("/v1/api-keys", Map.of("name", "reader", "scopes", List.of("infer"))).successJson();
        JsonNode tenant = tenantA.get("/v1/tenants").successJson().path("tenants").get(0);
        idsOfA = Map.of(
                "tenantId", tenant.path("id").asText(),
                "keyId", key.path("id").asText(),
                "datasetId", job.path("dataset_id").asText(),
                "jobId", job.path("id").asText(),
                "modelName", "churn-of-a",
                "version", "1",
                "alias", "champion",
                "endpointName", "endpoint-of-a");
    }

    @AfterAll
    void stop() {
        tenantA.close();
        tenantB.close();
        server.close();
    }

    @Test
    void everyRouteWithAnIdAnswersNotFoundForAnotherTenantsIds() {
        // An upload names the model it creates in the caller's own registry; ModelUploadTest shows it never
        // touches another tenant's model of the same name.
        List<ApiRoute> routes = server.server().routes().stream()
                .filter(route -> route.path().contains("{"))
                .filter(route -> !(route.method() == Method.POST && route.path().equals("/v1/models/{modelName}/versions")))
                .toList();
        assertThat(routes).hasSizeGreaterThan(15);
        for (ApiRoute route : routes) {
            ApiResponse response = call(tenantB, route.method(), fill(route.path()));
            assertThat(response.status())
                    .as("%s %s with tenant B's key: %s", route.method().text(), route.path(), response.text())
                    .isEqualTo(404);
            assertThat(response.json().path("code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void sameRoutesWorkForTheOwningTenant() {
        assertThat(tenantA.get(fill("/v1/datasets/{datasetId}")).status()).isEqualTo(200);
        assertThat(tenantA.get(fill("/v1/training-jobs/{jobId}")).status()).isEqualTo(200);
        assertThat(tenantA.get(fill("/v1/models/{modelName}/versions/{version}")).status()).isEqualTo(200);
        assertThat(tenantA.get(fill("/v2/models/{endpointName}/ready")).status()).isEqualTo(200);
    }

    @Test
    void listsNeverShowAnotherTenantsRecords() {
        List<ApiRoute> lists = server.server().routes().stream()
                .filter(route -> route.method() == Method.GET && !route.path().contains("{"))
                .filter(route -> route.access() instanceof Access.Scoped)
                .toList();
        assertThat(lists).isNotEmpty();
        for (ApiRoute route : lists) {
            ApiResponse response = tenantB.get(route.path());
            assertThat(response.status()).as(route.path()).isEqualTo(200);
            for (String id : idsOfA.values()) {
                if (id.length() > 2 && !id.equals("champion")) {
                    assertThat(response.text()).as("%s leaks %s", route.path(), id).doesNotContain(id);
                }
            }
        }
    }

    @Test
    void everyScopedRouteRejectsAMissingKey() {
        try (MarqueeClient anonymous = server.anonymous()) {
            for (ApiRoute route : server.server().routes()) {
                if (route.access() instanceof Access.Scoped) {
                    ApiResponse response = call(anonymous, route.method(), fill(route.path()));
                    assertThat(response.status()).as("%s %s", route.method().text(), route.path()).isEqualTo(401);
                    assertThat(response.json().path("code").asText()).isEqualTo("UNAUTHENTICATED");
                }
            }
        }
    }

    @Test
    void aKeyWithoutTheScopeIsForbidden() {
        JsonNode inferOnly =
                tenantA.post("/v1/api-keys", Map.of("name", "infer-only", "scopes", List.of("infer"))).successJson();
        try (MarqueeClient client = tenantA.withApiKey(inferOnly.path("token").asText())) {
            ApiResponse upload = client.postBytes("/v1/datasets?name=x", "text/csv", "a,b\n1,2\n".getBytes());
            assertThat(upload.status()).isEqualTo(403);
            assertThat(upload.json().path("code").asText()).isEqualTo("PERMISSION_DENIED");
            assertThat(client.post("/v1/endpoints", Map.of("name", "e", "model", "m", "version", 1)).status())
                    .isEqualTo(403);
            assertThat(client.get(fill("/v2/models/{endpointName}/ready")).status()).isEqualTo(200);
        }
    }

    @Test
    void aRevokedKeyIsRejected() {
        JsonNode key = tenantA.post("/v1/api-keys", Map.of("name", "temporary", "scopes", List.of("infer"))).successJson();
        try (MarqueeClient client = tenantA.withApiKey(key.path("token").asText())) {
            assertThat(client.get("/v1/endpoints").status()).isEqualTo(200);
            tenantA.delete("/v1/api-keys/" + key.path("id").asText()).successJson();
            assertThat(client.get("/v1/endpoints").status()).isEqualTo(401);
        }
    }

    @Test
    void onlyTheOperatorCreatesTenants() {
        ApiResponse response = tenantA.post("/v1/tenants", Map.of("name", "sneaky"));
        assertThat(response.status()).isEqualTo(403);
    }

    private String fill(String template) {
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = idsOfA.get(matcher.group(1));
            assertThat(value).as("test has no id for path parameter {%s}", matcher.group(1)).isNotNull();
            matcher.appendReplacement(path, Matcher.quoteReplacement(MarqueeClient.encode(value)));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static ApiResponse call(MarqueeClient client, Method method, String path) {
        if (method == Method.GET) {
            return client.get(path);
        }
        if (method == Method.DELETE) {
            return client.delete(path);
        }
        if (method == Method.PUT) {
            return client.put(path, Map.of("version", 1));
        }
        if (method == Method.POST) {
            return client.post(path, Map.of("inputs", List.of()));
        }
        throw new AssertionError("test does not know method " + method.text());
    }
}
