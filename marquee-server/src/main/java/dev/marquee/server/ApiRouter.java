package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Installs the route table into Helidon: every call is authenticated and scope-checked as its route demands,
 * timed per route template, and every failure becomes a JSON error body {@code {"error", "code"}} with the status
 * {@link ErrorStatus} maps its code to. Unknown paths answer 404 the same way.
 */
final class ApiRouter {
    private static final Logger LOG = Logger.getLogger(ApiRouter.class.getName());

    private final List<ApiRoute> routes;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final int maxRequestBytes;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String route, String method, int status) {}
    private final RequestGate gate;

    ApiRouter(
            List<ApiRoute> routes,
            Authenticator authenticator,
            ObjectMapper mapper,
            int maxRequestBytes,
            AuditLog audit,
            MeterRegistry meters,
            RequestGate gate) {
        this.routes = List.copyOf(requireNonNull(routes, "routes is null"));
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.maxRequestBytes = maxRequestBytes;
        this.audit = requireNonNull(audit, "audit is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.gate = requireNonNull(gate, "gate is null");
    }

    void install(HttpRouting.Builder routing) {
        for (ApiRoute route : routes) {
            routing.route(route.method(), route.path(), (request, response) -> handle(route, request, response));
        }
        routing.any((request, response) -> {
            long started = System.nanoTime();
            writeError(response, MarqueeException.notFound(
                    "no route for %s %s", request.prologue().method().text(), request.path().path()));
            record("unmatched", request.prologue().method().text(), response.status(), started);
        });
    }

    private void handle(ApiRoute route, ServerRequest request, ServerResponse response) {
        long started = System.nanoTime();
        if (!gate.enter()) {
            writeError(response, new MarqueeException(ErrorCode.UNAVAILABLE, "the server is shutting down"));
            record(route.path(), route.method().text(), response.status(), started);
            return;
        }
        try {
            Optional<Principal> principal = authorize(route.access(), request);
            route.handler().handle(new Call(request, response, principal, mapper, maxRequestBytes, audit));
        } catch (MarqueeException e) {
            writeError(response, e);
        } catch (UncheckedIOException e) {
            LOG.log(Level.FINE, "I/O failure on " + route.path(), e);
            writeError(response, new MarqueeException(ErrorCode.INVALID_ARGUMENT, "could not read the request body"));
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "unexpected failure on " + route.method().text() + " " + route.path(), e);
            writeError(response, new MarqueeException(ErrorCode.INTERNAL, "internal error; see the server log"));
        } finally {
            gate.leave();
            record(route.path(), route.method().text(), response.status(), started);
        }
    }

    private Optional<Principal> authorize(Access access, ServerRequest request) {
        return switch (access) {
            case Access.Public ignored -> Optional.empty();
            case Access.Scoped scoped ->
                    Optional.of(authenticator.authorize(request.headers().first(HeaderNames.AUTHORIZATION), scoped));
        };
    }

    private void writeError(ServerResponse response, MarqueeException error) {
        if (response.isSent()) {
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.getMessage());
        body.put("code", error.code().name());
        Status status = ErrorStatus.of(error.code());
        response.status(status);
        if (status == Status.TOO_MANY_REQUESTS_429 || status == Status.SERVICE_UNAVAILABLE_503) {
            response.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds(error)));
        }
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            response.send(mapper.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            response.send();
        }
    }

    /** The error's own retry hint in whole seconds, rounded up; 1 when it gives none. */
    static long retryAfterSeconds(MarqueeException error) {
        return error.retryAfter()
                .map(after -> Math.max(1, (after.toMillis() + 999) / 1000))
                .orElse(1L);
    }

    private void record(String route, String method, Status status, long startedNanos) {
        // One timer per (route, method, status), looked up without building tags on every request.
        timers.computeIfAbsent(new TimerKey(route, method, status.code()), key -> Timer.builder("marquee.http.requests")
                        .description("HTTP requests by route template, method and status")
                        .tag("route", key.route())
                        .tag("method", key.method())
                        .tag("status", Integer.toString(key.status()))
                        .register(meters))
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
