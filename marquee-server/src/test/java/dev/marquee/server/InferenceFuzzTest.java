package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded malformed infer requests (see {@link MalformedRequests}) against a real server: each one is
 * answered with a 4xx JSON error (or a 200 when a mutation happened to stay valid), never a 5xx, and the model serves
 * normally afterwards. {@code -Dmarquee.fuzz.cases=N} and {@code -Dmarquee.fuzz.seed=S} widen or replay a run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceFuzzTest {
    private static final String VALID = "{\"id\":\"fuzz\",\"inputs\":" + Fixtures.churnColumnTensors() + "}";

    private TestServer server;
    private MarqueeClient client;

    @BeforeAll
    void start(@TempDir Path directory) {
        server = TestServer.start(directory, Map.of("max-request-size", "256KiB", "max-infer-elements", "10000"));
        client = Fixtures.tenant(server, "fuzz");
        Fixtures.trainChurnModel(client, "churn", 400, 3);
        client.deploy("churn", "churn", 1);
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void malformedRequestsAreClientErrorsNeverServerErrors() {
        int count = Integer.getInteger("marquee.fuzz.cases", 3_000);
        long seed = Long.getLong("marquee.fuzz.seed", 20261129L);
        List<String> serverErrors = new ArrayList<>();
        int clientErrors = 0;
        for (MalformedRequests.Case fuzzCase : new MalformedRequests(VALID, seed).generate(count)) {
            ApiResponse response = client.postBytes("/v2/models/churn/infer", "application/json", fuzzCase.body());
            if (response.status() >= 500 || response.status() < 200 || response.status() >= 300 && response.status() < 400) {
                serverErrors.add(response.status() + " for " + fuzzCase.description() + ": " + abbreviate(response.text()));
            }
            else if (response.status() >= 400) {
                clientErrors++;
                JsonNode body = response.json();
                assertThat(body.path("error").asText()).as(fuzzCase.description()).isNotBlank();
            }
        }
        assertThat(serverErrors).isEmpty();
        assertThat(clientErrors).as("most mutations must be refused").isGreaterThan(count / 2);
        JsonNode answer = client.postBytes("/v2/models/churn/infer", "application/json",
                VALID.getBytes(StandardCharsets.UTF_8)).successJson();
        assertThat(answer.path("id").asText()).isEqualTo("fuzz");
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
