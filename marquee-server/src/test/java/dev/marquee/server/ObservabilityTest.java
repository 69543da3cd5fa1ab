package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, server metadata, metrics and the audit log. */
class ObservabilityTest {
    @TempDir
    Path dataDirectory;

    @Test
    void healthAndServerMetadataArePublic() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient anonymous = server.anonymous()) {
            assertThat(anonymous.get("/v2/health/live").successJson().path("live").asBoolean()).isTrue();
            assertThat(anonymous.get("/v2/health/ready").successJson().path("ready").asBoolean()).isTrue();
            JsonNode metadata = anonymous.get("/v2").successJson();
            assertThat(metadata.path("name").asText()).isEqualTo("marquee");
            assertThat(metadata.path("version").asText()).isNotEmpty().isNotEqualTo("unknown");
        }
    }

    @Test
    void metricsCountRequestsByRouteTemplate() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient anonymous = server.anonymous()) {
            anonymous.get("/v2/health/live");
            anonymous.get("/v1/datasets");
            String metrics = anonymous.get("/metrics").text();
            assertThat(metrics).contains("marquee_http_requests_seconds_count{method=\"GET\",route=\"/v2/health/live\",status=\"200\"}");
            assertThat(metrics).contains("route=\"/v1/datasets\",status=\"401\"");
            assertThat(metrics).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void managementActionsAreAudited() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            client.uploadDataset("tiny", "x,y\n1,a\n2,b\n");
            JsonNode entries = client.get("/v1/audit").successJson().path("entries");
            assertThat(entries.findValuesAsText("action")).contains("dataset.create", "api-key.create");
            assertThat(entries.toString()).doesNotContain("mq_");
        }
    }
}
