package dev.marquee.server;

import static dev.marquee.server.ApiRoute.get;
import static dev.marquee.server.ApiRoute.post;
import static java.util.Objects.requireNonNull;

import dev.marquee.core.CsvDatasets;
import dev.marquee.core.CsvLimits;
import dev.marquee.core.DatasetProfile;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Names;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.DatasetRecord;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.Scope;
import dev.marquee.store.StoredArtifact;
import dev.marquee.training.Leaderboard;
import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /v1/datasets}: CSV uploads streamed into the artifact store, profiled (schema and statistics) and
 * registered as an immutable dataset version.
 */
final class DatasetRoutes {
    private final MetadataStore store;
    private final ArtifactStore artifacts;
    private final long maxUploadBytes;

    DatasetRoutes(MetadataStore store, ArtifactStore artifacts, long maxUploadBytes) {
        this.store = requireNonNull(store, "store is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.maxUploadBytes = maxUploadBytes;
    }

    List<ApiRoute> routes() {
        Access train = Access.scopes(Scope.TRAIN);
        return List.of(
                post("/v1/datasets", train, "Upload a CSV body as a new dataset version (?name=)", this::upload),
                get("/v1/datasets", train, "List datasets, newest first", this::list),
                get("/v1/datasets/{datasetId}", train, "Show a dataset with its schema and column statistics", this::show),
                get("/v1/datasets/{datasetId}/leaderboard", train,
                        "Every model version trained on the dataset, best held-out metric first", this::leaderboard));
    }

    private void upload(Call call) {
        String name = Names.requireValid("name", call.query("name").orElse(""));
        call.contentLength().filter(length -> length > maxUploadBytes).ifPresent(length -> {
            throw new MarqueeException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "upload of %d bytes exceeds the limit of %d bytes (max-upload-size)".formatted(length, maxUploadBytes));
        });
        AtomicReference<DatasetProfile> profile = new AtomicReference<>();
        StoredArtifact stored = artifacts.put(
                call.bodyStream(), maxUploadBytes, file -> profile.set(CsvDatasets.profile(file, CsvLimits.DEFAULT)));
        DatasetRecord dataset =
                store.datasets().create(call.tenantId(), name, stored.sha256(), stored.sizeBytes(), profile.get());
        call.audit("dataset.create", dataset.id(), name + " v" + dataset.version());
        call.json(Status.CREATED_201, dataset);
    }

    private void list(Call call) {
        call.ok(Map.of("datasets", store.datasets().list(call.tenantId())));
    }

    private void show(Call call) {
        call.ok(find(call));
    }

    private void leaderboard(Call call) {
        DatasetRecord dataset = find(call);
        List<ModelVersionRecord> versions = new ArrayList<>();
        for (String model : store.models().listModelNames(call.tenantId())) {
            versions.addAll(store.models().listVersions(call.tenantId(), model));
        }
        call.ok(Map.of("dataset_id", dataset.id(), "entries", Leaderboard.rank(dataset.id(), versions)));
    }

    private DatasetRecord find(Call call) {
        String datasetId = call.path("datasetId");
        return store.datasets()
                .find(call.tenantId(), datasetId)
                .orElseThrow(() -> MarqueeException.notFound("dataset '%s' not found", datasetId));
    }
}
