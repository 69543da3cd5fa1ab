package dev.marquee.server;

import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.put;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.RequestLogPolicy;
import dev.marquee.runtime.StoredRequestLogPolicies;
import dev.marquee.store.EndpointLogging;
import dev.marquee.store.EndpointLoggingRecord;
import dev.marquee.store.EndpointRecord;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code /v1/endpoints/{e}/logging} (request-log sampling and personal fields of an endpoint) and
 * {@code /v1/endpoints/{e}/request-logs} (the endpoint's most recent log entries, as written: already redacted).
 * Reading entries needs the deploy scope: they hold other callers' (pseudonymised) inputs.
 */
final class RequestLogRoutes {
    private static final Set<String> SETTINGS_FIELDS = Set.of("sample_rate", "personal_fields");
    private static final int DEFAULT_LIMIT = 100;

    private final MetadataStore store;
    private final RequestLogging logging;

    RequestLogRoutes(MetadataStore store, RequestLogging logging) {
        this.store = requireNonNull(store, "store is null");
        this.logging = requireNonNull(logging, "logging is null");
    }

    List<ApiRoute> routes() {
        Access deploy = Access.scopes(Scope.DEPLOY);
        Access read = Access.scopes(Scope.DEPLOY, Scope.INFER);
        return List.of(
                get("/v1/endpoints/{endpointName}/logging", read, "Show an endpoint's request-log settings",
                        this::show),
                put("/v1/endpoints/{endpointName}/logging", deploy,
                        "Set an endpoint's request-log sample rate and personal fields", this::set),
                get("/v1/endpoints/{endpointName}/request-logs", deploy,
                        "The endpoint's most recent request-log entries, newest first", this::recent));
    }

    private void show(Call call) {
        EndpointRecord endpoint = find(call);
        EndpointLogging settings = store.endpointLogging()
                .find(call.tenantId(), endpoint.name())
                .map(EndpointLoggingRecord::logging)
                .orElse(StoredRequestLogPolicies.NO_SETTINGS);
        call.ok(view(endpoint.name(), settings));
    }

    private void set(Call call) {
        EndpointRecord endpoint = find(call);
        JsonNode body = call.jsonBody();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SETTINGS_FIELDS.contains(name)) {
                throw MarqueeException.invalid(
                        "unknown field '%s'; the settings are 'sample_rate' and 'personal_fields'", name);
            }
        }
        OptionalDouble sampleRate = JsonFields.optionalDouble(body, "sample_rate")
                .map(OptionalDouble::of)
                .orElse(OptionalDouble.empty());
        EndpointLogging settings = new EndpointLogging(sampleRate, JsonFields.textList(body, "personal_fields"));
        store.endpointLogging().put(call.tenantId(), endpoint.name(), settings);
        logging.policies().invalidate(call.tenantId(), endpoint.name());
        call.audit("endpoint.logging", endpoint.name(), "sample_rate=%s personal_fields=%s".formatted(
                sampleRate.isPresent() ? sampleRate.getAsDouble() : "default", settings.personalFields()));
        call.ok(view(endpoint.name(), settings));
    }

    private Map<String, Object> view(String endpoint, EndpointLogging settings) {
        RequestLogPolicy effective = logging.policies().effective(settings);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("endpoint", endpoint);
        view.put("sample_rate", effective.sampleRate());
        view.put("sample_rate_source", settings.sampleRate().isPresent() ? "endpoint" : "server");
        view.put("personal_fields", settings.personalFields());
        view.put("server_personal_fields", logging.options().personalFields());
        view.put("redaction", "hmac-sha256");
        return view;
    }

    private void recent(Call call) {
        EndpointRecord endpoint = find(call);
        int pageLimit = logging.options().pageLimit();
        int limit = call.query("limit").map(text -> parseLimit(text, pageLimit)).orElse(Math.min(DEFAULT_LIMIT, pageLimit));
        List<JsonNode> entries;
        try {
            entries = logging.files().recent(call.tenantId(), endpoint.name(), limit);
        } catch (UncheckedIOException e) {
            // Not the caller's fault; the router would otherwise answer an I/O failure as an unreadable body (400).
            throw new MarqueeException(ErrorCode.INTERNAL, "cannot read the request logs of '" + endpoint.name() + "'", e);
        }
        call.ok(Map.of("entries", entries));
    }

    private static int parseLimit(String text, int pageLimit) {
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= pageLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw MarqueeException.invalid("'limit' must be an integer from 1 to %d, got '%s'", pageLimit,
                text.length() > 20 ? text.substring(0, 20) + "..." : text);
    }

    private EndpointRecord find(Call call) {
        String name = call.path("endpointName");
        return store.endpoints()
                .find(call.tenantId(), name)
                .orElseThrow(() -> MarqueeException.notFound("endpoint '%s' not found", name));
    }
}
