package dev.marquee.server;

import static dev.marquee.server.ApiRoute.delete;
import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.put;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.onnx.OnnxExport;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.Scope;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/models}: the registry of immutable model versions and their movable aliases. */
final class ModelRoutes {
    private final MetadataStore store;
    private final ArtifactStore artifacts;

    ModelRoutes(MetadataStore store, ArtifactStore artifacts) {
        this.store = requireNonNull(store, "store is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    List<ApiRoute> routes() {
        Access read = Access.scopes(Scope.TRAIN, Scope.DEPLOY);
        Access deploy = Access.scopes(Scope.DEPLOY);
        return List.of(
                get("/v1/models", read, "List models with their latest version and aliases", this::list),
                get("/v1/models/{modelName}", read, "Show a model: versions and aliases", this::show),
                get("/v1/models/{modelName}/versions/{version}", read,
                        "Show a version: manifest, metrics, preprocessing, provenance", this::version),
                get("/v1/models/{modelName}/versions/{version}/download", read,
                        "Download the version's artifact (sha256-verified)", this::download),
                get("/v1/models/{modelName}/versions/{version}/onnx", read,
                        "Download the version as an ONNX model, preprocessing included", this::downloadOnnx),
                put("/v1/models/{modelName}/aliases/{alias}", deploy, "Point an alias at a version", this::setAlias),
                delete("/v1/models/{modelName}/aliases/{alias}", deploy, "Remove an alias", this::deleteAlias));
    }

    private void list(Call call) {
        List<Map<String, Object>> models = store.models().listModelNames(call.tenantId()).stream()
                .map(name -> summary(call.tenantId(), name))
                .toList();
        call.ok(Map.of("models", models));
    }

    private Map<String, Object> summary(String tenantId, String name) {
        List<ModelVersionRecord> versions = store.models().listVersions(tenantId, name);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", name);
        summary.put("latest_version", versions.isEmpty() ? 0 : versions.getFirst().version());
        summary.put("version_count", versions.size());
        summary.put("aliases", store.models().aliases(tenantId, name));
        return summary;
    }

    private void show(Call call) {
        String name = call.path("modelName");
        List<ModelVersionRecord> versions = requireModel(call.tenantId(), name);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", name);
        model.put("aliases", store.models().aliases(call.tenantId(), name));
        model.put("versions", versions);
        call.ok(model);
    }

    private void version(Call call) {
        call.ok(findVersion(call));
    }

    private void download(Call call) {
        ModelVersionRecord version = findVersion(call);
        byte[] artifact = artifacts.read(version.artifactSha256());
        call.header("X-Marquee-Sha256", version.artifactSha256());
        call.header("Content-Disposition",
                "attachment; filename=\"%s-v%d.marquee.json\"".formatted(version.modelName(), version.version()));
        call.send(Status.OK_200, "application/json", artifact);
    }

    /** The artifact exported as ONNX; a model ONNX cannot express is a 400 naming the algorithm, column or step. */
    private void downloadOnnx(Call call) {
        ModelVersionRecord version = findVersion(call);
        byte[] onnx = OnnxExport.export(artifacts.read(version.artifactSha256()));
        call.header("Content-Disposition",
                "attachment; filename=\"%s-v%d.onnx\"".formatted(version.modelName(), version.version()));
        call.send(Status.OK_200, OnnxExport.MEDIA_TYPE, onnx);
    }

    private void setAlias(Call call) {
        String name = call.path("modelName");
        requireModel(call.tenantId(), name);
        String alias = call.path("alias");
        JsonNode body = call.jsonBody();
        int version = Math.toIntExact(JsonFields.optionalLong(body, "version")
                .orElseThrow(() -> MarqueeException.invalid("'version' is required")));
        store.models().setAlias(call.tenantId(), name, Names.requireValid("alias", alias), version);
        call.audit("model.alias.set", name + "@" + alias, "version " + version);
        call.ok(Map.of("name", name, "aliases", store.models().aliases(call.tenantId(), name)));
    }

    private void deleteAlias(Call call) {
        String name = call.path("modelName");
        requireModel(call.tenantId(), name);
        String alias = call.path("alias");
        if (!store.models().deleteAlias(call.tenantId(), name, alias)) {
            throw MarqueeException.notFound("model '%s' has no alias '%s'", name, alias);
        }
        call.audit("model.alias.delete", name + "@" + alias, "");
        call.ok(Map.of("name", name, "aliases", store.models().aliases(call.tenantId(), name)));
    }

    private List<ModelVersionRecord> requireModel(String tenantId, String name) {
        List<ModelVersionRecord> versions = store.models().listVersions(tenantId, name);
        if (versions.isEmpty()) {
            throw MarqueeException.notFound("model '%s' not found", name);
        }
        return versions;
    }

    private ModelVersionRecord findVersion(Call call) {
        String name = call.path("modelName");
        String text = call.path("version");
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw MarqueeException.notFound("model '%s' has no version '%s'", name, text);
        }
        return store.models()
                .findVersion(call.tenantId(), name, version)
                .orElseThrow(() -> MarqueeException.notFound("model '%s' has no version %d", name, version));
    }
}
