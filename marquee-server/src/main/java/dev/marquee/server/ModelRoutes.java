package dev.marquee.server;

import static dev.marquee.server.ApiRoute.delete;
import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static dev.marquee.server.ApiRoute.put;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.onnx.OnnxExport;
import dev.marquee.runtime.ArtifactFormats;
import dev.marquee.runtime.ModelUploads;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelFormat;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.Scope;
import dev.marquee.store.StoredArtifact;
import io.helidon.http.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /v1/models}: the registry of immutable model versions and their movable aliases, and the upload of model
 * files trained elsewhere (ONNX, XGBoost), which become versions like trained ones.
 */
final class ModelRoutes {
    private final MetadataStore store;
    private final ArtifactStore artifacts;
    private final long maxUploadBytes;

    ModelRoutes(MetadataStore store, ArtifactStore artifacts, long maxUploadBytes) {
        this.store = requireNonNull(store, "store is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.maxUploadBytes = maxUploadBytes;
    }

    List<ApiRoute> routes() {
        Access read = Access.scopes(Scope.TRAIN, Scope.DEPLOY);
        Access deploy = Access.scopes(Scope.DEPLOY);
        // Like training, an upload creates a version; like deploying, it is what a release pipeline does.
        Access create = Access.scopes(Scope.TRAIN, Scope.DEPLOY);
        return List.of(
                get("/v1/models", read, "List models with their latest version and aliases", this::list),
                get("/v1/models/{modelName}", read, "Show a model: versions and aliases", this::show),
                post("/v1/models/{modelName}/versions", create,
                        "Upload an ONNX or XGBoost model file as the next version (?format=onnx|xgboost)", this::upload),
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
        String extension = switch (version.format()) {
            case MARQUEE -> "marquee.json";
            case ONNX -> "onnx";
            case XGBOOST -> ArtifactFormats.isJson(artifact) ? "json" : "ubj";
            case RECOMMENDER -> "mqrec";
        };
        call.header("Content-Disposition",
                "attachment; filename=\"%s-v%d.%s\"".formatted(version.modelName(), version.version(), extension));
        call.send(Status.OK_200, extension.endsWith("json") ? "application/json" : "application/octet-stream", artifact);
    }

    /**
     * Checks the uploaded file by loading it as it will be served, stores it as it is (its SHA-256 is the version's
     * artifact SHA-256) and registers the next version; a file that does not load registers nothing and leaves no
     * artifact behind.
     */
    private void upload(Call call) {
        String name = Names.requireValid("model", call.path("modelName"));
        String formatText = call.query("format")
                .or(() -> call.requestHeader("X-Marquee-Format"))
                .orElseThrow(() -> MarqueeException.invalid(
                        "'format' is required (query parameter or X-Marquee-Format header): onnx or xgboost"));
        ModelFormat format = ModelFormat.parse("format", formatText);
        if (!format.uploaded()) {
            throw MarqueeException.invalid("'format' must be onnx or xgboost; Marquee models come from training jobs");
        }
        ModelUploads.Expectations expectations = new ModelUploads.Expectations(
                call.query("objective"), featureCount(call.query("feature_count")));
        call.contentLength().filter(length -> length > maxUploadBytes).ifPresent(length -> {
            throw new MarqueeException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "upload of %d bytes exceeds the limit of %d bytes (max-upload-size)".formatted(length, maxUploadBytes));
        });
        String uploadedBy = call.principal().key().id();
        AtomicReference<ModelUploads.Inspection> inspection = new AtomicReference<>();
        StoredArtifact stored = artifacts.put(call.bodyStream(), maxUploadBytes, file -> {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            inspection.set(ModelUploads.inspect(
                    format, content, expectations, uploadedBy, MarqueeServer.version(), call.clock().instant()));
        });
        ModelUploads.Inspection checked = inspection.get();
        ModelVersionRecord version = store.models().createUploadedVersion(
                call.tenantId(), name, stored.sha256(), stored.sizeBytes(), checked.manifest(), checked.format(),
                checked.upload());
        call.audit("model.upload", name + " v" + version.version(),
                "%s file, sha256 %s, %d bytes".formatted(format.wireName(), stored.sha256(), stored.sizeBytes()));
        call.json(Status.CREATED_201, version);
    }

    private static OptionalInt featureCount(Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int count = Integer.parseInt(text.get());
            if (count < 1) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(count);
        } catch (NumberFormatException e) {
            throw MarqueeException.invalid("'feature_count' must be a positive integer, was '%s'", text.get());
        }
    }

    /** The artifact exported as ONNX; a model ONNX cannot express is a 400 naming the algorithm, column or step. */
    private void downloadOnnx(Call call) {
        ModelVersionRecord version = findVersion(call);
        byte[] onnx = switch (version.format()) {
            case MARQUEE -> OnnxExport.export(artifacts.read(version.artifactSha256()));
            case ONNX -> artifacts.read(version.artifactSha256());
            case XGBOOST -> throw MarqueeException.invalid(
                    "model '%s' version %d is an uploaded XGBoost file; download it as it is with /download",
                    version.modelName(), version.version());
            case RECOMMENDER -> throw MarqueeException.invalid(
                    "model '%s' version %d is a recommender, which ONNX cannot express; download it with /download",
                    version.modelName(), version.version());
        };
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
