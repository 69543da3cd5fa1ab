package dev.marquee.server;

import static dev.marquee.server.ApiRoute.delete;
import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.store.ApiKey;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import dev.marquee.store.Tenant;
import io.helidon.http.Status;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Tenants, API keys and the audit log: {@code /v1/tenants}, {@code /v1/api-keys}, {@code /v1/audit}. */
final class TenantRoutes {
    private final MetadataStore store;
    private final KeyTokens tokens;
    private final Authenticator authenticator;
    private final int auditPageLimit;

    TenantRoutes(MetadataStore store, KeyTokens tokens, Authenticator authenticator, int auditPageLimit) {
        this.store = requireNonNull(store, "store is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.auditPageLimit = auditPageLimit;
    }

    List<ApiRoute> routes() {
        Access admin = Access.scopes(Scope.ADMIN);
        return List.of(
                post("/v1/tenants", admin, "Create a tenant and its first admin key (operator only)", this::createTenant),
                get("/v1/tenants", admin, "List tenants (the operator sees all, others their own)", this::listTenants),
                get("/v1/tenants/{tenantId}", admin, "Show a tenant", this::getTenant),
                post("/v1/api-keys", admin, "Create an API key in the caller's tenant", this::createKey),
                get("/v1/api-keys", admin, "List the tenant's API keys (never their secrets)", this::listKeys),
                delete("/v1/api-keys/{keyId}", admin, "Revoke an API key", this::revokeKey),
                get("/v1/audit", admin, "The tenant's audit log, newest first", this::audit));
    }

    private void createTenant(Call call) {
        if (!call.principal().tenant().operator()) {
            throw new MarqueeException(ErrorCode.PERMISSION_DENIED, "only the operator tenant's admins create tenants");
        }
        JsonNode body = call.jsonBody();
        String name = Names.requireValid("name", JsonFields.requiredText(body, "name"));
        Tenant tenant = store.tenants().create(name, false);
        String token = tokens.newToken();
        ApiKey key = store.apiKeys().create(tenant.id(), "admin", Set.of(Scope.ADMIN), KeyTokens.hash(token));
        call.audit("tenant.create", tenant.id(), name);
        call.auditIn(tenant.id(), "api-key.create", key.id(), "first admin key, created by the operator");
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("tenant", tenant);
        created.put("admin_key", Views.createdApiKey(key, token));
        call.json(Status.CREATED_201, created);
    }

    private void listTenants(Call call) {
        Tenant caller = call.principal().tenant();
        call.ok(Map.of("tenants", caller.operator() ? store.tenants().list() : List.of(caller)));
    }

    private void getTenant(Call call) {
        Tenant caller = call.principal().tenant();
        String tenantId = call.path("tenantId");
        if (!caller.operator() && !caller.id().equals(tenantId)) {
            throw MarqueeException.notFound("tenant '%s' not found", tenantId);
        }
        call.ok(store.tenants()
                .find(tenantId)
                .orElseThrow(() -> MarqueeException.notFound("tenant '%s' not found", tenantId)));
    }

    private void createKey(Call call) {
        JsonNode body = call.jsonBody();
        String name = Names.requireValid("name", JsonFields.requiredText(body, "name"));
        List<String> scopeNames = JsonFields.textList(body, "scopes");
        if (scopeNames.isEmpty()) {
            throw MarqueeException.invalid("'scopes' must list at least one of [admin, train, deploy, infer]");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scopeName : scopeNames) {
            scopes.add(parseScope(scopeName));
        }
        String token = tokens.newToken();
        ApiKey key = store.apiKeys().create(call.tenantId(), name, scopes, KeyTokens.hash(token));
        call.audit("api-key.create", key.id(), name + " " + scopeNames);
        call.json(Status.CREATED_201, Views.createdApiKey(key, token));
    }

    private static Scope parseScope(String name) {
        try {
            return Scope.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MarqueeException.invalid("unknown scope '%s'; scopes are [admin, train, deploy, infer]", name);
        }
    }

    private void listKeys(Call call) {
        call.ok(Map.of("api_keys", store.apiKeys().list(call.tenantId()).stream().map(Views::apiKey).toList()));
    }

    private void revokeKey(Call call) {
        String keyId = call.path("keyId");
        if (!store.apiKeys().revoke(call.tenantId(), keyId, call.clock().instant())) {
            throw MarqueeException.notFound("API key '%s' not found", keyId);
        }
        authenticator.forgetKey(keyId);
        call.audit("api-key.revoke", keyId, "");
        call.ok(Views.apiKey(store.apiKeys().find(call.tenantId(), keyId).orElseThrow()));
    }

    private void audit(Call call) {
        int limit = call.query("limit").map(value -> parseLimit(value, auditPageLimit)).orElse(100);
        call.ok(Map.of("entries", store.audit().list(call.tenantId(), limit)));
    }

    private static int parseLimit(String value, int max) {
        try {
            int limit = Integer.parseInt(value);
            if (limit > 0 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw MarqueeException.invalid("'limit' must be an integer from 1 to %d, got '%s'", max, value);
    }
}
