package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.runtime.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampled request logging over HTTP: per-endpoint settings, what an entry holds, pseudonymised personal fields,
 * reading entries back within the tenant, and server logs free of bodies and keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard only
class RequestLoggingTest {
    /** Values that must never be written anywhere under the data directory or in the server log. */
    private static final String SECRET_USER = "viewer-7f3a9c-secret";
    private static final double SECRET_SCORE = 4321.8765;

    private final CapturedLog serverLog = new CapturedLog();
    private Path dataDirectory;
    private TestServer server;
    private MarqueeClient tenant;
    private MarqueeClient otherTenant;
    private String tenantKey;

    @BeforeAll
    void start(@TempDir Path directory) {
        Logger.getLogger("dev.marquee").setLevel(Level.ALL);
        Logger.getLogger("").addHandler(serverLog);
        dataDirectory = directory;
        server = TestServer.start(directory);
        tenant = Fixtures.tenant(server, "studio");
        otherTenant = Fixtures.tenant(server, "rival");
        tenantKey = tenant.get("/v1/api-keys").successJson().toString(); // the listing never holds tokens
        StringBuilder csv = new StringBuilder("user_id,x1,y\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int row = 0; row < 300; row++) {
            double x1 = random.nextDouble() * 10;
            csv.append("u").append(row % 7).append(',').append(x1).append(',').append(3 * x1 + 1).append('\n');
        }
        String datasetId = tenant.uploadDataset("scores", csv.toString()).path("id").asText();
        JsonNode job = tenant.train(datasetId, "line", "y", "linear_regression", Map.of(), 1);
        JsonNode finished = tenant.awaitJob(job.path("id").asText(), Duration.ofMinutes(2), state -> {});
        assertThat(finished.path("state").asText()).isEqualTo("succeeded");
    }

    @AfterAll
    void stop() {
        tenant.close();
        otherTenant.close();
        server.close();
        Logger.getLogger("").removeHandler(serverLog);
        Logger.getLogger("dev.marquee").setLevel(null);
    }

    @Test
    void settingsStartAtTheServerDefaultsAndCanBeReplaced() {
        tenant.deploy("settings", "line", 1);

        JsonNode defaults = tenant.get("/v1/endpoints/settings/logging").successJson();
        assertThat(defaults.path("sample_rate").asDouble()).isEqualTo(0.0);
        assertThat(defaults.path("sample_rate_source").asText()).isEqualTo("server");
        assertThat(defaults.path("personal_fields").size()).isZero();
        assertThat(defaults.path("server_personal_fields").toString())
                .isEqualTo("[\"user_id\",\"email\",\"ip_address\",\"device_id\"]");

        JsonNode set = tenant.put("/v1/endpoints/settings/logging",
                Map.of("sample_rate", 0.1, "personal_fields", List.of("x1"))).successJson();
        assertThat(set.path("sample_rate").asDouble()).isEqualTo(0.1);
        assertThat(set.path("sample_rate_source").asText()).isEqualTo("endpoint");
        assertThat(tenant.get("/v1/endpoints/settings/logging").successJson()).isEqualTo(set);

        JsonNode inherited = tenant.put("/v1/endpoints/settings/logging", Map.of("personal_fields", List.of()))
                .successJson();
        assertThat(inherited.path("sample_rate_source").asText()).isEqualTo("server");
        assertThat(inherited.path("personal_fields").size()).isZero();
    }

    @Test
    void anInferKeyReadsTheSettingsButChangesNothingAndReadsNoEntries() {
        tenant.deploy("scoped", "line", 1);
        JsonNode key = tenant.post("/v1/api-keys", Map.of("name", "app", "scopes", List.of("infer"))).successJson();
        try (MarqueeClient app = tenant.withApiKey(key.path("token").asText())) {
            assertThat(app.get("/v1/endpoints/scoped/logging").status()).isEqualTo(200);
            assertThat(app.put("/v1/endpoints/scoped/logging", Map.of("sample_rate", 1)).status()).isEqualTo(403);
            assertThat(app.get("/v1/endpoints/scoped/request-logs").status()).isEqualTo(403);
        }
    }

    @Test
    void badSettingsAreRejectedNamingTheField() {
        tenant.deploy("strict", "line", 1);
        assertBadRequest(Map.of("sample_rate", 1.5), "'sample_rate' must be a number from 0 to 1");
        assertBadRequest(Map.of("sample_rate", -0.1), "'sample_rate'");
        assertBadRequest(Map.of("sample_rate", "often"), "'sample_rate' must be a number");
        assertBadRequest(Map.of("personal_fields", "email"), "'personal_fields' must be an array of strings");
        assertBadRequest(Map.of("personal_fields", List.of("ok", "")), "'personal_fields[1]'");
        assertBadRequest(Map.of("personal_fields", List.of("x".repeat(129))), "'personal_fields[0]'");
        assertBadRequest(Map.of("sample", 1), "unknown field 'sample'");
        ApiResponse notAnObject = tenant.postBytes("/v1/endpoints/strict/logging", "application/json", new byte[0]);
        assertThat(notAnObject.status()).isIn(400, 404, 405);
        assertThat(tenant.get("/v1/endpoints/strict/logging").successJson().path("sample_rate_source").asText())
                .isEqualTo("server");

        ApiResponse missing = tenant.put("/v1/endpoints/absent/logging", Map.of("sample_rate", 1));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(tenant.get("/v1/endpoints/absent/logging").status()).isEqualTo(404);
        assertThat(tenant.get("/v1/endpoints/absent/request-logs").status()).isEqualTo(404);
        ApiResponse badLimit = tenant.get("/v1/endpoints/strict/request-logs?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("error").asText()).contains("'limit'");
        assertThat(tenant.get("/v1/endpoints/strict/request-logs?limit=many").status()).isEqualTo(400);
    }

    @Test
    void sampledCallsAreLoggedNewestFirstWithPersonalValuesPseudonymised() throws Exception {
        tenant.deploy("logged", "line", 1);
        tenant.put("/v1/endpoints/logged/logging", Map.of("sample_rate", 1, "personal_fields", List.of("X1")))
                .successJson();

        long before = offeredSoFar();
        JsonNode first = tenant.infer("logged", request("call-1", SECRET_USER, SECRET_SCORE)).successJson();
        tenant.infer("logged", request("call-2", SECRET_USER, SECRET_SCORE)).successJson();
        Map<String, Object> unknownInput = request("call-3", SECRET_USER, SECRET_SCORE);
        unknownInput.put("inputs", List.of(Map.of("name", "email", "datatype", "BYTES", "shape", List.of(1),
                "data", List.of(SECRET_USER))));
        assertThat(tenant.infer("logged", unknownInput).status()).isEqualTo(400);
        Map<String, Object> wrongType = request("call-4", SECRET_USER, SECRET_SCORE);
        wrongType.put("inputs", List.of(Map.of("name", "x1", "datatype", "FP64", "shape", List.of(1),
                "data", List.of(SECRET_USER))));
        assertThat(tenant.infer("logged", wrongType).status()).isEqualTo(400);
        assertThat(tenant.postBytes("/v2/models/logged/infer", "application/json",
                "{\"inputs\": [".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        awaitLogged(before, 5);

        List<JsonNode> entries = new ArrayList<>();
        tenant.get("/v1/endpoints/logged/request-logs?limit=10").successJson().path("entries").forEach(entries::add);
        assertThat(entries).hasSize(5);
        assertThat(tenant.get("/v1/endpoints/logged/request-logs?limit=2").successJson().path("entries").size())
                .isEqualTo(2);
        JsonNode truncatedBody = entries.get(0);
        JsonNode wrongElement = entries.get(1);
        JsonNode failed = entries.get(2);
        JsonNode second = entries.get(3);
        JsonNode firstEntry = entries.get(4);

        assertThat(firstEntry.path("request_id").asText()).isEqualTo("call-1");
        assertThat(firstEntry.path("endpoint").asText()).isEqualTo("logged");
        assertThat(firstEntry.path("model").asText()).isEqualTo("line");
        assertThat(firstEntry.path("version").asText()).isEqualTo("1");
        assertThat(firstEntry.path("status").asInt()).isEqualTo(200);
        assertThat(firstEntry.path("truncated").asBoolean()).isFalse();
        assertThat(firstEntry.path("latency_ms").asDouble()).isPositive();
        assertThat(firstEntry.path("response").path("outputs").get(0).path("data").get(0).asDouble())
                .isEqualTo(first.path("outputs").get(0).path("data").get(0).asDouble());
        JsonNode userId = input(firstEntry, "user_id");
        JsonNode score = input(firstEntry, "x1");
        assertThat(userId.path("redacted").asText()).isEqualTo("hmac-sha256");
        assertThat(score.path("redacted").asText()).isEqualTo("hmac-sha256");
        assertThat(userId.path("data").get(0).asText()).matches("hmac:[0-9a-f]{32}")
                .isEqualTo(input(second, "user_id").path("data").get(0).asText());
        assertThat(score.path("data").get(0).asText()).isEqualTo(input(second, "x1").path("data").get(0).asText());

        assertThat(failed.path("request_id").asText()).isEqualTo("call-3");
        assertThat(failed.path("status").asInt()).isEqualTo(400);
        assertThat(failed.path("error_code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(failed.has("response")).isFalse();
        assertThat(input(failed, "email").path("data").get(0).asText())
                .isEqualTo(userId.path("data").get(0).asText());
        for (JsonNode unparsed : List.of(wrongElement, truncatedBody)) {
            assertThat(unparsed.path("status").asInt()).isEqualTo(400);
            assertThat(unparsed.path("error_code").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(unparsed.has("request")).as("an unparsed body is never logged").isFalse();
        }

        String everything = allFilesUnder(dataDirectory);
        assertThat(everything).contains("call-1").doesNotContain(SECRET_USER, Double.toString(SECRET_SCORE));
    }

    @Test
    void anotherTenantNeitherReadsNorSeesTheEntries() throws Exception {
        tenant.deploy("private", "line", 1);
        otherTenant.uploadDataset("other", "a,b\n1,2\n");
        tenant.put("/v1/endpoints/private/logging", Map.of("sample_rate", 1)).successJson();
        long before = offeredSoFar();
        tenant.infer("private", request("mine", "u1", 1.0)).successJson();
        awaitLogged(before, 1);
        assertThat(tenant.get("/v1/endpoints/private/request-logs").successJson().path("entries").size()).isEqualTo(1);

        ApiResponse read = otherTenant.get("/v1/endpoints/private/request-logs");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.text()).doesNotContain("mine");
        assertThat(otherTenant.get("/v1/endpoints/private/logging").status()).isEqualTo(404);
        assertThat(otherTenant.put("/v1/endpoints/private/logging", Map.of("sample_rate", 0)).status()).isEqualTo(404);
    }

    @Test
    void endpointsAtRateZeroLogNothingAndTheCountersAreExported() throws Exception {
        tenant.deploy("quiet", "line", 1);
        long before = offeredSoFar();
        for (int call = 0; call < 5; call++) {
            tenant.infer("quiet", request("quiet-" + call, "u1", 1.0)).successJson();
        }
        awaitLogged(before, 5);
        assertThat(tenant.get("/v1/endpoints/quiet/request-logs").successJson().path("entries").size()).isZero();
        assertThat(dataDirectory.resolve("request-logs").toFile().list()).satisfiesAnyOf(
                names -> assertThat(names).isNull(),
                names -> assertThat(String.join(",", names)).doesNotContain("quiet"));
        try (MarqueeClient anonymous = server.anonymous()) {
            String metrics = anonymous.get("/metrics").text();
            assertThat(metrics).contains("marquee_request_log_dropped_total", "marquee_request_log_written_total",
                    "marquee_request_log_failed_total");
        }
    }

    @Test
    void serverLogsHoldNeitherRequestBodiesNorKeys() throws Exception {
        tenant.deploy("noisy", "line", 1);
        long before = offeredSoFar();
        tenant.infer("noisy", request("noisy-1", SECRET_USER, SECRET_SCORE));
        tenant.postBytes("/v2/models/noisy/infer", "application/json",
                ("{\"inputs\": [{\"name\": \"" + SECRET_USER).getBytes(StandardCharsets.UTF_8));
        try (MarqueeClient wrongKey = tenant.withApiKey("mq_" + SECRET_USER)) {
            assertThat(wrongKey.infer("noisy", request("noisy-2", SECRET_USER, SECRET_SCORE)).status()).isEqualTo(401);
        }
        awaitLogged(before, 2);

        String logged = serverLog.text();
        assertThat(logged).as("the capture works: the start-up line is there").contains("listening on");
        assertThat(logged).doesNotContain(SECRET_USER, Double.toString(SECRET_SCORE), TestServer.ADMIN_KEY, "mq_");
        assertThat(tenantKey).doesNotContain("mq_");
    }

    private long offeredSoFar() {
        return server.server().requestLogging().log().offeredCalls();
    }

    /**
     * Waits until {@code calls} more calls than {@code offeredBefore} reached the log, then until they are written:
     * the server offers a call after answering it, so the client can be ahead. No timing involved; the class
     * timeout only guards against a hang.
     */
    private void awaitLogged(long offeredBefore, int calls) throws InterruptedException {
        RequestLog log = server.server().requestLogging().log();
        while (log.offeredCalls() < offeredBefore + calls) {
            Thread.onSpinWait();
            Thread.yield();
        }
        log.flush();
    }

    private void assertBadRequest(Map<String, Object> body, String message) {
        ApiResponse response = tenant.put("/v1/endpoints/strict/logging", body);
        assertThat(response.status()).as("%s", body).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.json().path("error").asText()).as("%s", body).contains(message);
    }

    private static Map<String, Object> request(String id, String userId, double x1) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        request.put("inputs", List.of(
                Map.of("name", "user_id", "datatype", "BYTES", "shape", List.of(1), "data", List.of(userId)),
                Map.of("name", "x1", "datatype", "FP64", "shape", List.of(1), "data", List.of(x1))));
        return request;
    }

    private static JsonNode input(JsonNode entry, String name) {
        for (JsonNode tensor : entry.path("request").path("inputs")) {
            if (tensor.path("name").asText().equals(name)) {
                return tensor;
            }
        }
        throw new AssertionError("no input " + name + " in " + entry);
    }

    private static String allFilesUnder(Path directory) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.toString().contains("request-logs")) {
                    text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return text.toString();
    }

    /** Formats every record the way the server's JSON log does, to search what would be printed. */
    private static final class CapturedLog extends Handler {
        private final JsonLogFormatter formatter = new JsonLogFormatter();
        private final StringBuffer text = new StringBuffer();

        CapturedLog() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            text.append(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        String text() {
            return text.toString();
        }
    }
}
