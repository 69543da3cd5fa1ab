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
        assertThat(config.grpcPort()).hasValue(8081);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./marquee-data"));
        assertThat(config.adminKey()).isEmpty();
        assertThat(config.maxUploadBytes()).isEqualTo(1L << 30);
        assertThat(config.maxRequestBytes()).isEqualTo(16 << 20);
        assertThat(config.maxInferElements()).isEqualTo(1_000_000);
        assertThat(config.trainingWorkers()).isEqualTo(1);
        assertThat(config.trainingQueueCapacity()).isEqualTo(64);
        assertThat(config.trainingTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.inference().maxLoadedModels()).isEqualTo(64);
        assertThat(config.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.auditPageLimit()).isEqualTo(1000);
        assertThat(config.authCacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.inference().modelCacheMemoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 25);
        assertThat(config.inference().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.inference().queueCapacity()).isEqualTo(256);
        assertThat(config.inference().batchMaxSize()).isEqualTo(1);
        assertThat(config.inference().batchMaxDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.inference().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.inference().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.traffic().maxEndpointRoutes()).isEqualTo(16);
        assertThat(config.traffic().shadowConcurrency()).isEqualTo(16);
        assertThat(config.traffic().experimentQueueCapacity()).isEqualTo(10_000);
        assertThat(config.traffic().experimentRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.recommend().approximateAbove()).isEqualTo(100_000);
    }

    @Test
    void recommendApproximateAboveTakesZeroOrMoreItems() {
        assertThat(ServerConfigLoader.fromProperties(Map.of("recommend-approximate-above", "0"))
                .recommend().approximateAbove()).isZero();
        assertThat(ServerConfigLoader.fromProperties(Map.of("recommend-approximate-above", "5000"))
                .recommend().approximateAbove()).isEqualTo(5_000);
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("recommend-approximate-above", "-1")))
                .hasMessageContaining("recommend-approximate-above");
    }

    @Test
    void modelCacheMemoryTakesASizeOrAPercentageOfTheHeap() {
        assertThat(ServerConfigLoader.fromProperties(Map.of("model-cache-memory", "512MiB"))
                        .inference().modelCacheMemoryBytes())
                .isEqualTo(512L << 20);
        assertThat(ServerConfigLoader.fromProperties(Map.of("model-cache-memory", "50%"))
                        .inference().modelCacheMemoryBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 50);
        assertThat(ServerConfigLoader.fromProperties(Map.of("inference-workers", "3")).inference().workers())
                .isEqualTo(3);
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("model-cache-memory", "150%")))
                .hasMessageContaining("model-cache-memory");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("inference-workers", "0")))
                .hasMessageContaining("inference-workers");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("inference-timeout", "0s")))
                .hasMessageContaining("inference-timeout");
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
    void grpcPortOffSwitchesGrpcOff() {
        assertThat(ServerConfigLoader.fromProperties(Map.of("grpc-port", "off")).grpcPort()).isEmpty();
        assertThat(ServerConfigLoader.fromProperties(Map.of("grpc-port", "0")).grpcPort()).hasValue(0);
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("grpc-port", "70000")))
                .hasMessageContaining("grpc-port");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("grpc-port", "none")))
                .hasMessageContaining("grpc-port");
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

    @Test
    void requestLogDefaultsAreTheDocumentedOnes() {
        RequestLogOptions options = ServerConfigLoader.fromProperties(Map.of()).requestLog();
        assertThat(options.sampleRate()).isEqualTo(0.0);
        assertThat(options.personalFields()).containsExactly("user_id", "email", "ip_address", "device_id");
        assertThat(options.secret()).isEmpty();
        assertThat(options.maxEntryBytes()).isEqualTo(64 << 10);
        assertThat(options.maxFileBytes()).isEqualTo(16L << 20);
        assertThat(options.maxFiles()).isEqualTo(10);
        assertThat(options.queueCapacity()).isEqualTo(1024);
        assertThat(options.settingsRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.pageLimit()).isEqualTo(1000);
    }

    @Test
    void requestLogSettingsAreValidatedByNameAndTheSecretIsNeverPrinted() {
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("request-log-sample-rate", "2")))
                .hasMessageContaining("request-log-sample-rate");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("request-log-sample-rate", "often")))
                .hasMessageContaining("request-log-sample-rate");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("request-log-secret", "short")))
                .hasMessageContaining("request-log-secret");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(Map.of("request-log-max-entry-bytes", "10")))
                .hasMessageContaining("request-log-max-entry-bytes");
        assertThatThrownBy(() -> ServerConfigLoader.fromProperties(
                        Map.of("request-log-max-entry-bytes", "1MiB", "request-log-max-file-bytes", "64KiB")))
                .hasMessageContaining("request-log-max-file-bytes");

        ServerConfig config = ServerConfigLoader.fromProperties(Map.of(
                "request-log-secret", "a-long-enough-pseudonym-secret",
                "request-log-personal-fields", " email , ,msisdn",
                "request-log-sample-rate", "0.25"));
        assertThat(config.requestLog().personalFields()).containsExactly("email", "msisdn");
        assertThat(config.requestLog().sampleRate()).isEqualTo(0.25);
        assertThat(config.toString()).doesNotContain("a-long-enough-pseudonym-secret");
    }
}
