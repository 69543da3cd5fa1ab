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
import dev.marquee.recommend.CatalogueReader;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.MaturityScale;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.DatasetKind;
import dev.marquee.store.DatasetRecord;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.Scope;
import dev.marquee.store.StoredArtifact;
import dev.marquee.training.InteractionDatasets;
import dev.marquee.training.Leaderboard;
import io.helidon.http.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /v1/datasets}: CSV uploads streamed into the artifact store, profiled (schema and statistics) and
 * registered as an immutable dataset version; interaction uploads (CSV/TSV with a header, MovieLens {@code u.data}
 * and {@code ratings.dat}, FilmTrust) parsed into canonical TSV, and appends to them; item catalogues kept as
 * uploaded for recommender artifacts.
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
                post("/v1/datasets", train,
                        "Upload a new dataset version (?name=): a CSV table, interactions (?kind=interactions&format=)"
                                + " or an item catalogue (?kind=catalogue)", this::upload),
                post("/v1/datasets/{datasetId}/append", train,
                        "Append interactions (?format=) to the newest version of an interaction dataset, creating the"
                                + " next version", this::append),
                get("/v1/datasets", train, "List datasets, newest first", this::list),
                get("/v1/datasets/{datasetId}", train, "Show a dataset with its schema and column statistics", this::show),
                get("/v1/datasets/{datasetId}/leaderboard", train,
                        "Every model version trained on the dataset, best held-out metric first", this::leaderboard));
    }

    private void upload(Call call) {
        String name = Names.requireValid("name", call.query("name").orElse(""));
        DatasetKind kind = call.query("kind")
                .map(text -> DatasetKind.parse("kind", text))
                .orElse(call.query("format").isPresent() ? DatasetKind.INTERACTIONS : DatasetKind.TABLE);
        if (kind == DatasetKind.INTERACTIONS) {
            uploadInteractions(call, name);
            return;
        }
        if (call.query("format").isPresent()) {
            throw MarqueeException.invalid("'format' applies to interaction datasets only, not to kind '%s'",
                    kind.wireName());
        }
        call.contentLength().filter(length -> length > maxUploadBytes).ifPresent(length -> {
            throw new MarqueeException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "upload of %d bytes exceeds the limit of %d bytes (max-upload-size)".formatted(length, maxUploadBytes));
        });
        AtomicReference<DatasetProfile> profile = new AtomicReference<>();
        StoredArtifact stored = artifacts.put(call.bodyStream(), maxUploadBytes, file -> {
            profile.set(CsvDatasets.profile(file, CsvLimits.DEFAULT));
            if (kind == DatasetKind.CATALOGUE) {
                // Served recommenders read the catalogue with this reader: refuse what they could not load.
                CatalogueReader.read(file, MaturityScale.motionPicture());
            }
        });
        DatasetRecord dataset = store.datasets().create(
                call.tenantId(), name, stored.sha256(), stored.sizeBytes(), profile.get(), kind, Optional.empty());
        call.audit("dataset.create", dataset.id(), name + " v" + dataset.version());
        call.json(Status.CREATED_201, dataset);
    }

    /** Parses the upload in its format and stores the canonical TSV; a bad line is a 400 naming it. */
    private void uploadInteractions(Call call, String name) {
        InteractionFormat format = InteractionDatasets.format("format", call.query("format").orElse("csv"));
        InteractionDatasets.Parsed parsed = InteractionDatasets.parse(uploadBytes(call), format);
        StoredArtifact stored = artifacts.put(parsed.canonical());
        DatasetRecord dataset = store.datasets().create(call.tenantId(), name, stored.sha256(), stored.sizeBytes(),
                InteractionDatasets.profile(parsed.interactions()), DatasetKind.INTERACTIONS,
                Optional.of(parsed.summary()));
        call.audit("dataset.create", dataset.id(), "%s v%d: %d interactions".formatted(
                name, dataset.version(), parsed.summary().interactions()));
        call.json(Status.CREATED_201, dataset);
    }

    /**
     * Merges the uploaded interactions into the dataset version named by the path, which must be the newest, and
     * registers the result as the next version (CONFLICT when another version appeared meanwhile).
     */
    private void append(Call call) {
        DatasetRecord base = find(call);
        if (base.kind() != DatasetKind.INTERACTIONS) {
            throw MarqueeException.invalid("dataset '%s' holds %s; only interaction datasets take appended rows",
                    base.id(), base.kind().wireName());
        }
        DatasetRecord newest = store.datasets().latest(call.tenantId(), base.name()).orElseThrow();
        if (newest.version() != base.version()) {
            throw MarqueeException.conflict("dataset '%s' v%d is not the newest version; append to '%s' (v%d)",
                    base.name(), base.version(), newest.id(), newest.version());
        }
        InteractionFormat format = InteractionDatasets.format("format", call.query("format").orElse("csv"));
        byte[] upload = uploadBytes(call);
        InteractionDatasets.Parsed parsed = InteractionDatasets.append(
                artifacts.read(base.sha256()), base.interactions().orElseThrow(), upload, format);
        StoredArtifact stored = artifacts.put(parsed.canonical());
        DatasetRecord next = store.datasets().createNext(base, stored.sha256(), stored.sizeBytes(),
                InteractionDatasets.profile(parsed.interactions()), Optional.of(parsed.summary()));
        call.audit("dataset.append", next.id(), "%s v%d -> v%d".formatted(base.name(), base.version(),
                next.version()));
        call.json(Status.CREATED_201, next);
    }

    /** The body, up to {@code max-upload-size} (and 2 GiB); more is PAYLOAD_TOO_LARGE. */
    private byte[] uploadBytes(Call call) {
        call.contentLength().filter(length -> length > maxUploadBytes).ifPresent(length -> {
            throw tooLarge(length);
        });
        try (InputStream in = call.bodyStream()) {
            // Parsed in memory: at most max-upload-size, and never more than an array holds.
            long limit = Math.min(maxUploadBytes, Integer.MAX_VALUE - 9L);
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw tooLarge(body.length);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MarqueeException tooLarge(long length) {
        return new MarqueeException(ErrorCode.PAYLOAD_TOO_LARGE,
                "upload of %d bytes exceeds the limit of %d bytes (max-upload-size)".formatted(length, maxUploadBytes));
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
