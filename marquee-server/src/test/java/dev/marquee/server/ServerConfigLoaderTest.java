package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig config = ServerConfigLoader.fromProperties(Map.of());
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./marquee-data"));
        assertThat(config.adminKey()).isEmpty();
        assertThat(config.maxUploadBytes()).isEqualTo(1L << 30);
        assertThat(config.maxRequestBytes()).isEqualTo(16 << 20);
        assertThat(config.maxInferElements()).isEqualTo(1_000_000);
        assertThat(config.trainingWorkers()).isEqualTo(1);
        assertThat(config.trainingQueueCapacity()).isEqualTo(64);
        assertThat(config.trainingTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.maxLoadedModels()).isEqualTo(64);
        assertThat(config.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.auditPageLimit()).isEqualTo(1000);
        assertThat(config.maxEndpointRoutes()).isEqualTo(16);
        assertThat(config.shadowConcurrency()).isEqualTo(16);
        assertThat(config.experimentQueueCapacity()).isEqualTo(10_000);
        assertThat(config.experimentRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("marquee.properties");
        Files.writeString(file, "http-port=9000\ntraining-workers=3\nmax-upload-size=2GiB\n");
        ServerConfig config = ServerConfigLoader.load(
                Optional.of(file),
                Map.of("MARQUEE_HTTP_PORT", "9100", "MARQUEE_ADMIN_KEY", "mq_secret", "PATH", "/bin"),
                Map.of("http-port", "9200"));
        assertThat(config.httpPort()).isEqualTo(9200);
        assertThat(config.trainingWorkers()).isEqualTo(3);
        assertThat(config.maxUploadBytes()).isEqualTo(2L << 30);
        assertThat(config.adminKey()).contains("mq_secret");
    }

    @Test
    void rejectsUnknownKeysAndBadValuesByName() {
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("http-prot", "1")))
                .hasMessageContaining("http-prot");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("max-upload-size", "big")))
                .hasMessageContaining("max-upload-size");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("training-timeout", "soon")))
                .hasMessageContaining("training-timeout");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("training-workers", "0")))
                .hasMessageContaining("training-workers");
    }
}
