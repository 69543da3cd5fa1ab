package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One HTTP call as a route handler sees it: path and query parameters, the bounded request body, the authenticated
 * principal and helpers to answer in JSON.
 */
public final class Call {
    private final ServerRequest request;
    private final ServerResponse response;
    private final Optional<Principal> principal;
    private final ObjectMapper mapper;
    private final int maxRequestBytes;
    private final AuditLog audit;

    Call(
            ServerRequest request,
            ServerResponse response,
            Optional<Principal> principal,
            ObjectMapper mapper,
            int maxRequestBytes,
            AuditLog audit) {
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.principal = requireNonNull(principal, "principal is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.maxRequestBytes = maxRequestBytes;
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** The caller; only routes with {@link Access.Scoped} access have one. */
    public Principal principal() {
        return principal.orElseThrow(() -> new IllegalStateException("public route has no principal"));
    }

    public String tenantId() {
        return principal().tenantId();
    }

    public String path(String name) {
        return request.path().pathParameters().get(name);
    }

    /** A path parameter that only some of a handler's routes have. */
    public Optional<String> optionalPath(String name) {
        return request.path().pathParameters().contains(name)
                ? Optional.of(request.path().pathParameters().get(name))
                : Optional.empty();
    }

    public Optional<String> query(String name) {
        return request.query().contains(name) ? Optional.of(request.query().get(name)) : Optional.empty();
    }

    /** The first value of a request header, if the request has it. */
    public Optional<String> requestHeader(String name) {
        return requestHeader(HeaderNames.create(name));
    }

    /** The first value of a request header, if the request has it (a constant name saves a lookup per call). */
    public Optional<String> requestHeader(HeaderName name) {
        return request.headers().first(name);
    }

    /** The whole request body; over {@code max-request-size} is PAYLOAD_TOO_LARGE. */
    public byte[] body() {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxRequestBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.content().inputStream()) {
            if (declared.isPresent()) {
                // The declared length sizes the buffer exactly: reading up to the limit would allocate a chunk of
                // 16 KiB for every small infer request.
                byte[] body = new byte[(int) declared.getAsLong()];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MarqueeException tooLarge() {
        return new MarqueeException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of %d bytes (max-request-size)".formatted(maxRequestBytes));
    }

    /** The request body as a stream, for uploads that enforce their own limit. */
    public InputStream bodyStream() {
        return request.content().inputStream();
    }

    /** Declared Content-Length, if any. */
    public Optional<Long> contentLength() {
        return request.headers().contentLength().isPresent()
                ? Optional.of(request.headers().contentLength().getAsLong())
                : Optional.empty();
    }

    /** The body parsed as a JSON object; anything else is INVALID_ARGUMENT. */
    public JsonNode jsonBody() {
        byte[] body = body();
        if (body.length == 0) {
            throw MarqueeException.invalid("request body must be a JSON object");
        }
        JsonNode node = Json.readRequestBody(mapper, body);
        if (!node.isObject()) {
            throw MarqueeException.invalid("request body must be a JSON object");
        }
        return node;
    }

    public void json(Status status, Object value) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "could not serialise the response", e);
        }
        send(status, "application/json", bytes);
    }

    public void ok(Object value) {
        json(Status.OK_200, value);
    }

    public void send(Status status, String contentType, byte[] bytes) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        response.send(bytes);
    }

    public void header(String name, String value) {
        response.header(name, value);
    }

    /** Sets a response header (a constant name saves a lookup per call). */
    public void header(HeaderName name, String value) {
        response.header(name, value);
    }

    /** Records a management action of the calling key in its tenant's audit log. */
    public void audit(String action, String target, String detail) {
        audit.record(principal(), action, target, detail);
    }

    /** Records an action in another tenant's log (operator actions on a tenant they create). */
    public void auditIn(String tenantId, String action, String target, String detail) {
        audit.recordIn(tenantId, principal(), action, target, detail);
    }

    /** A clock for handlers that timestamp; the audit log's. */
    Clock clock() {
        return audit.clock();
    }
}
