package dev.marquee.server;

import static dev.marquee.server.ApiRoute.get;
import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import io.helidon.http.Status;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Deliberately public routes: health, server metadata, Prometheus metrics and the OpenAPI document. */
final class SystemRoutes {
    private final PrometheusMeterRegistry meters;
    private final OipServerMetadata metadata;
    private final Readiness readiness;

    SystemRoutes(PrometheusMeterRegistry meters, OipServerMetadata metadata, Readiness readiness) {
        this.meters = requireNonNull(meters, "meters is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.readiness = requireNonNull(readiness, "readiness is null");
    }

    List<ApiRoute> routes() {
        Access open = Access.open();
        return List.of(
                get("/v2/health/live", open, "OIP liveness", call -> call.ok(Map.of("live", true))),
                get("/v2/health/ready", open, "OIP readiness (metadata store reachable, not shutting down)",
                        this::ready),
                get("/v2", open, "OIP server metadata", this::serverMetadata),
                get("/metrics", open, "Prometheus metrics", this::metrics),
                get("/openapi.yaml", open, "This API as an OpenAPI 3 document", this::openApi));
    }

    private void ready(Call call) {
        if (!readiness.ready()) {
            throw new MarqueeException(
                    ErrorCode.UNAVAILABLE, "not ready: the server is shutting down or its metadata store does not answer");
        }
        call.ok(Map.of("ready", true));
    }

    private void serverMetadata(Call call) {
        call.ok(Map.of("name", metadata.name(), "version", metadata.version(), "extensions", metadata.extensions()));
    }

    private void metrics(Call call) {
        call.send(Status.OK_200, "text/plain; version=0.0.4; charset=utf-8",
                meters.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private void openApi(Call call) {
        call.send(Status.OK_200, "application/yaml", openApiDocument());
    }

    static byte[] openApiDocument() {
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
