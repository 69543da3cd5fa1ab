package dev.marquee.store;

import static dev.marquee.store.StoreFixtures.manifest;
import static dev.marquee.store.StoreFixtures.profile;
import static dev.marquee.store.StoreFixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MetadataStore} must have, run against each database by a subclass. Each test starts
 * with an empty database of its own.
 */
abstract class MetadataStoreContractTest {
    private static final Instant START = Instant.parse("2026-01-15T08:30:00.123456789Z");
    private static final int THREADS = 8;
    private static final int CREATES_PER_THREAD = 20;

    protected MutableClock clock;
    protected MetadataStore store;

    /** Opens this test's database, the same one on every call, migrating it. */
    protected abstract MetadataStore open(Clock clock);

    /** Removes this test's database after the store is closed. */
    protected void dropDatabase() throws Exception {}

    @BeforeEach
    final void openStore() {
        clock = new MutableClock(START);
        store = open(clock);
    }

    @AfterEach
    final void closeStore() throws Exception {
        store.close();
        dropDatabase();
    }

    // --- tenants ---

    @Test
    void findsCreatedTenantById() {
        Tenant tenant = store.tenants().create("acme", false);

        assertThat(tenant.id()).matches("tn_[0-9a-f]{16}");
        assertThat(tenant.createdAt()).isEqualTo(START.truncatedTo(ChronoUnit.MILLIS));
        assertThat(store.tenants().find(tenant.id())).contains(tenant);
        assertThat(store.tenants().find("tn_0000000000000000")).isEmpty();
    }

    @Test
    void rejectsTakenTenantName() {
        store.tenants().create("acme", false);

        assertFails(() -> store.tenants().create("acme", false), ErrorCode.CONFLICT, "tenant name 'acme' is taken");
    }

    @Test
    void findsTheOperatorTenantOnceCreated() {
        assertThat(store.tenants().findOperator()).isEmpty();
        store.tenants().create("customer", false);
        Tenant operator = store.tenants().create("operator", true);

        assertThat(store.tenants().findOperator()).contains(operator);
    }

    @Test
    void rejectsSecondOperatorTenant() {
        store.tenants().create("operator", true);

        assertFails(
                () -> store.tenants().create("another", true), ErrorCode.CONFLICT, "operator tenant already exists");
    }

    @Test
    void listsTenantsByName() {
        store.tenants().create("zeta", false);
        store.tenants().create("alpha", true);
        store.tenants().create("mu", false);

        assertThat(store.tenants().list()).extracting(Tenant::name).containsExactly("alpha", "mu", "zeta");
    }

    // --- API keys ---

    @Test
    void findsActiveKeyByTokenHash() {
        Tenant tenant = store.tenants().create("acme", false);
        ApiKey key = store.apiKeys().create(tenant.id(), "ci", Set.of(Scope.TRAIN, Scope.INFER), sha256("secret-1"));

        assertThat(key.id()).matches("key_[0-9a-f]{16}");
        assertThat(store.apiKeys().findActiveByHash(sha256("secret-1"))).contains(key);
        assertThat(store.apiKeys().findActiveByHash(sha256("secret-2"))).isEmpty();
        assertThat(store.apiKeys().find(tenant.id(), key.id())).contains(key);
        assertThat(store.apiKeys().list(tenant.id())).containsExactly(key);
    }

    @Test
    void revokedKeyIsNoLongerFoundByHash() {
        Tenant tenant = store.tenants().create("acme", false);
        ApiKey key = store.apiKeys().create(tenant.id(), "ci", Set.of(Scope.ADMIN), sha256("secret"));
        Instant firstRevocation = Instant.parse("2026-02-01T00:00:00.001Z");

        assertThat(store.apiKeys().revoke(tenant.id(), key.id(), firstRevocation)).isTrue();
        assertThat(store.apiKeys().findActiveByHash(sha256("secret"))).isEmpty();
        assertThat(store.apiKeys().find(tenant.id(), key.id()).orElseThrow().revokedAt()).contains(firstRevocation);
    }

    @Test
    void revokingTwiceKeepsTheFirstTime() {
        Tenant tenant = store.tenants().create("acme", false);
        ApiKey key = store.apiKeys().create(tenant.id(), "ci", Set.of(Scope.ADMIN), sha256("secret"));
        Instant first = Instant.parse("2026-02-01T00:00:00.001Z");

        store.apiKeys().revoke(tenant.id(), key.id(), first);

        assertThat(store.apiKeys().revoke(tenant.id(), key.id(), first.plusSeconds(60))).isTrue();
        assertThat(store.apiKeys().find(tenant.id(), key.id()).orElseThrow().revokedAt()).contains(first);
    }

    @Test
    void revokingUnknownKeyReportsFalse() {
        Tenant tenant = store.tenants().create("acme", false);

        assertThat(store.apiKeys().revoke(tenant.id(), "key_0000000000000000", START)).isFalse();
    }

    @Test
    void rejectsKeyForUnknownTenant() {
        assertFails(
                () -> store.apiKeys().create("tn_0000000000000000", "ci", Set.of(Scope.INFER), sha256("secret")),
                ErrorCode.NOT_FOUND,
                "tenant 'tn_0000000000000000' not found");
    }

    @Test
    void rejectsSecondKeyWithSameTokenHash() {
        Tenant tenant = store.tenants().create("acme", false);
        store.apiKeys().create(tenant.id(), "first", Set.of(Scope.INFER), sha256("secret"));

        assertFails(
                () -> store.apiKeys().create(tenant.id(), "second", Set.of(Scope.INFER), sha256("secret")),
                ErrorCode.CONFLICT,
                "already exists");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "2BB80D537B1DA3E38BD30361AA855686BDE0EACD7162FEF6A25FE97BF527A25B",
                "../../../../etc/passwd/../../../../../../../../../../../../../../../../../../../../.."
            })
    void rejectsMalformedTokenHash(String tokenSha256) {
        Tenant tenant = store.tenants().create("acme", false);

        assertFails(
                () -> store.apiKeys().create(tenant.id(), "ci", Set.of(Scope.INFER), tokenSha256),
                ErrorCode.INVALID_ARGUMENT,
                "token sha256 must be 64 lowercase hex characters");
    }

    @Test
    void rejectsKeyWithoutScopes() {
        Tenant tenant = store.tenants().create("acme", false);

        assertFails(
                () -> store.apiKeys().create(tenant.id(), "ci", Set.of(), sha256("secret")),
                ErrorCode.INVALID_ARGUMENT,
                "at least one scope");
    }

    // --- datasets ---

    @Test
    void datasetVersionsIncrementPerName() {
        Tenant tenant = store.tenants().create("acme", false);

        DatasetRecord ratingsOne = createDataset(tenant, "ratings");
        DatasetRecord ratingsTwo = createDataset(tenant, "ratings");
        DatasetRecord clicksOne = createDataset(tenant, "clicks");

        assertThat(List.of(ratingsOne.version(), ratingsTwo.version(), clicksOne.version()))
                .containsExactly(1, 2, 1);
        assertThat(ratingsOne.id()).matches("ds_[0-9a-f]{16}").isNotEqualTo(ratingsTwo.id());
    }

    @Test
    void datasetRoundTripsWithItsProfile() {
        Tenant tenant = store.tenants().create("acme", false);
        DatasetRecord created = store.datasets().create(tenant.id(), "ratings", sha256("rows"), 1234, profile(3));

        assertThat(store.datasets().find(tenant.id(), created.id())).contains(created);
        assertThat(created.profile()).isEqualTo(profile(3));
    }

    @Test
    void interactionDatasetRoundTripsWithKindAndSummaryAndVersionsWithTables() {
        Tenant tenant = store.tenants().create("acme", false);
        InteractionSummary summary = new InteractionSummary("movielens_100k", 3, 4, 7, 1, true, true);
        DatasetRecord table = store.datasets().create(tenant.id(), "plays", sha256("table"), 10, profile(3));
        DatasetRecord created = store.datasets().create(tenant.id(), "plays", sha256("events"), 99, profile(4),
                DatasetKind.INTERACTIONS, Optional.of(summary));
        DatasetRecord catalogue = store.datasets().create(tenant.id(), "films", sha256("films"), 5, profile(2),
                DatasetKind.CATALOGUE, Optional.empty());

        assertThat(store.datasets().find(tenant.id(), created.id())).contains(created);
        assertThat(created.kind()).isEqualTo(DatasetKind.INTERACTIONS);
        assertThat(created.interactions()).contains(summary);
        assertThat(created.version()).isEqualTo(table.version() + 1);
        assertThat(store.datasets().find(tenant.id(), catalogue.id()).orElseThrow().kind())
                .isEqualTo(DatasetKind.CATALOGUE);
        assertThat(store.datasets().find(tenant.id(), table.id()).orElseThrow().kind()).isEqualTo(DatasetKind.TABLE);
        assertThat(store.datasets().latest(tenant.id(), "plays")).contains(created);
        assertThat(store.datasets().latest(tenant.id(), "missing")).isEmpty();
    }

    @Test
    void createNextRegistersTheFollowingVersionOnlyFromTheNewest() {
        Tenant tenant = store.tenants().create("acme", false);
        InteractionSummary summary = new InteractionSummary("csv", 1, 1, 1, 0, false, false);
        DatasetRecord first = store.datasets().create(tenant.id(), "plays", sha256("v1"), 10, profile(2),
                DatasetKind.INTERACTIONS, Optional.of(summary));

        DatasetRecord second = store.datasets().createNext(first, sha256("v2"), 20, profile(2), Optional.of(summary));

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.kind()).isEqualTo(DatasetKind.INTERACTIONS);
        assertThatThrownBy(() -> store.datasets().createNext(first, sha256("v2b"), 20, profile(2),
                        Optional.of(summary)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.datasets().latest(tenant.id(), "plays")).contains(second);
        assertThat(store.datasets().createNext(second, sha256("v3"), 30, profile(2), Optional.of(summary)).version())
                .as("a refused append does not use up a version").isEqualTo(3);
    }

    @Test
    void recommenderVersionRoundTripsWithItsFormatAndNoUpload() {
        Tenant tenant = store.tenants().create("acme", false);
        ModelVersionRecord version = store.models().createVersion(
                tenant.id(), "picks", sha256("artifact"), 10, manifest("ds_1", "job_1"), Optional.of("job_1"),
                ModelFormat.RECOMMENDER);

        assertThat(store.models().findVersion(tenant.id(), "picks", 1)).contains(version);
        assertThat(version.format()).isEqualTo(ModelFormat.RECOMMENDER);
        assertThat(version.upload()).isEmpty();
    }

    @Test
    void listsDatasetsNewestFirst() {
        Tenant tenant = store.tenants().create("acme", false);
        DatasetRecord oldest = createDataset(tenant, "ratings");
        clock.advance(Duration.ofSeconds(1));
        DatasetRecord middle = createDataset(tenant, "clicks");
        clock.advance(Duration.ofSeconds(1));
        DatasetRecord newest = createDataset(tenant, "ratings");

        assertThat(store.datasets().list(tenant.id())).containsExactly(newest, middle, oldest);
    }

    @Test
    void concurrentDatasetCreatesGetUniqueConsecutiveVersions() throws Exception {
        Tenant tenant = store.tenants().create("acme", false);

        List<Integer> versions = concurrently(() -> createDataset(tenant, "ratings").version());

        assertThat(versions)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, THREADS * CREATES_PER_THREAD)
                        .boxed()
                        .toList());
        assertThat(store.datasets().list(tenant.id())).hasSize(THREADS * CREATES_PER_THREAD);
    }

    // --- tenant isolation ---

    @Test
    void anotherTenantsRecordsAreNotFound() {
        Tenant owner = store.tenants().create("owner", false);
        Tenant intruder = store.tenants().create("intruder", false);
        ApiKey key = store.apiKeys().create(owner.id(), "ci", Set.of(Scope.ADMIN), sha256("secret"));
        DatasetRecord dataset = createDataset(owner, "ratings");
        TrainingJobRecord job = createJob(owner, dataset);
        createModelVersion(owner, "churn");
        store.models().setAlias(owner.id(), "churn", "champion", 1);
        store.endpoints().upsert(owner.id(), "churn-live", "churn", "champion", 1);
        store.audit().append(owner.id(), key.id(), "dataset.create", dataset.id(), "", START);

        assertThat(store.apiKeys().find(intruder.id(), key.id())).isEmpty();
        assertThat(store.apiKeys().list(intruder.id())).isEmpty();
        assertThat(store.apiKeys().revoke(intruder.id(), key.id(), START)).isFalse();
        assertThat(store.datasets().find(intruder.id(), dataset.id())).isEmpty();
        assertThat(store.datasets().list(intruder.id())).isEmpty();
        assertThat(store.jobs().find(intruder.id(), job.id())).isEmpty();
        assertThat(store.jobs().list(intruder.id())).isEmpty();
        assertThat(store.models().findVersion(intruder.id(), "churn", 1)).isEmpty();
        assertThat(store.models().listVersions(intruder.id(), "churn")).isEmpty();
        assertThat(store.models().listModelNames(intruder.id())).isEmpty();
        assertThat(store.models().aliases(intruder.id(), "churn")).isEmpty();
        assertThat(store.models().resolveAlias(intruder.id(), "churn", "champion")).isEmpty();
        assertThat(store.models().deleteAlias(intruder.id(), "churn", "champion")).isFalse();
        assertThat(store.endpoints().find(intruder.id(), "churn-live")).isEmpty();
        assertThat(store.endpoints().list(intruder.id())).isEmpty();
        assertThat(store.endpoints().delete(intruder.id(), "churn-live")).isFalse();
        assertThat(store.audit().list(intruder.id(), 10)).isEmpty();
        assertThat(store.apiKeys().find(owner.id(), key.id())).isPresent();
        assertThat(store.endpoints().find(owner.id(), "churn-live")).isPresent();
    }

    @Test
    void rejectsReferencesToAnotherTenantsRecords() {
        Tenant owner = store.tenants().create("owner", false);
        Tenant intruder = store.tenants().create("intruder", false);
        DatasetRecord dataset = createDataset(owner, "ratings");
        createModelVersion(owner, "churn");

        assertFails(
                () -> createJob(intruder, dataset), ErrorCode.NOT_FOUND, "dataset '" + dataset.id() + "' not found");
        assertFails(
                () -> store.models().setAlias(intruder.id(), "churn", "champion", 1),
                ErrorCode.NOT_FOUND,
                "model 'churn' has no version 1");
        assertFails(
                () -> store.endpoints().upsert(intruder.id(), "churn-live", "churn", "1", 1),
                ErrorCode.NOT_FOUND,
                "model 'churn' has no version 1");
    }

    // --- training jobs ---

    @Test
    void newJobIsQueued() {
        Tenant tenant = store.tenants().create("acme", false);
        TrainingJobRecord job = createJob(tenant, createDataset(tenant, "ratings"));

        assertThat(job.id()).matches("job_[0-9a-f]{16}");
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.progress()).isZero();
        assertThat(job.metrics()).isEmpty();
        assertThat(job.modelVersion()).isEmpty();
        assertThat(job.startedAt()).isEmpty();
        assertThat(job.finishedAt()).isEmpty();
        assertThat(store.jobs().find(tenant.id(), job.id())).contains(job);
    }

    @Test
    void jobRunsThroughToSuccess() {
        Tenant tenant = store.tenants().create("acme", false);
        TrainingJobRecord job = createJob(tenant, createDataset(tenant, "ratings"));
        Instant started = Instant.parse("2026-01-15T08:31:00.250Z");
        Instant finished = Instant.parse("2026-01-15T08:35:00.750Z");

        assertThat(store.jobs().markRunning(job.id(), started)).isTrue();
        store.jobs().updateProgress(job.id(), 0.5, "epoch 10 of 20");
        TrainingJobRecord running = store.jobs().find(tenant.id(), job.id()).orElseThrow();
        assertThat(store.jobs().markSucceeded(job.id(), Map.of("accuracy", 0.875), 3, finished))
                .isTrue();
        TrainingJobRecord succeeded = store.jobs().find(tenant.id(), job.id()).orElseThrow();

        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.progress()).isEqualTo(0.5);
        assertThat(running.message()).isEqualTo("epoch 10 of 20");
        assertThat(running.startedAt()).contains(started);
        assertThat(succeeded.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(succeeded.progress()).isEqualTo(1.0);
        assertThat(succeeded.metrics()).containsExactly(Map.entry("accuracy", 0.875));
        assertThat(succeeded.modelVersion()).contains(3);
        assertThat(succeeded.startedAt()).contains(started);
        assertThat(succeeded.finishedAt()).contains(finished);
    }

    @Test
    void terminalStatesAreNeverLeft() {
        Tenant tenant = store.tenants().create("acme", false);
        DatasetRecord dataset = createDataset(tenant, "ratings");
        TrainingJobRecord succeeded = createJob(tenant, dataset);
        store.jobs().markRunning(succeeded.id(), START);
        store.jobs().markSucceeded(succeeded.id(), Map.of(), 1, START);
        TrainingJobRecord failed = createJob(tenant, dataset);
        store.jobs().markFailed(failed.id(), "out of memory", START);
        TrainingJobRecord cancelled = createJob(tenant, dataset);
        store.jobs().markCancelled(cancelled.id(), "cancelled by user", START);

        for (TrainingJobRecord job : List.of(succeeded, failed, cancelled)) {
            TrainingJobRecord before = store.jobs().find(tenant.id(), job.id()).orElseThrow();
            assertThat(store.jobs().markRunning(job.id(), START)).isFalse();
            assertThat(store.jobs().markSucceeded(job.id(), Map.of("accuracy", 1.0), 9, START))
                    .isFalse();
            assertThat(store.jobs().markFailed(job.id(), "late failure", START)).isFalse();
            assertThat(store.jobs().markCancelled(job.id(), "late cancel", START))
                    .isFalse();
            store.jobs().updateProgress(job.id(), 0.25, "late progress");
            assertThat(store.jobs().find(tenant.id(), job.id())).contains(before);
        }
        assertThat(store.jobs().find(tenant.id(), failed.id()).orElseThrow().message())
                .isEqualTo("out of memory");
    }

    @Test
    void cancelledQueuedJobCannotStart() {
        Tenant tenant = store.tenants().create("acme", false);
        TrainingJobRecord job = createJob(tenant, createDataset(tenant, "ratings"));

        assertThat(store.jobs().markCancelled(job.id(), "cancelled by user", START)).isTrue();
        assertThat(store.jobs().markRunning(job.id(), START)).isFalse();
        assertThat(store.jobs().find(tenant.id(), job.id()).orElseThrow().state())
                .isEqualTo(JobState.CANCELLED);
    }

    @Test
    void queuedJobCannotSucceedWithoutRunning() {
        Tenant tenant = store.tenants().create("acme", false);
        TrainingJobRecord job = createJob(tenant, createDataset(tenant, "ratings"));

        assertThat(store.jobs().markSucceeded(job.id(), Map.of(), 1, START)).isFalse();
        store.jobs().updateProgress(job.id(), 0.5, "not running yet");

        assertThat(store.jobs().find(tenant.id(), job.id())).contains(job);
    }

    @Test
    void onlyOneConcurrentStartWins() throws Exception {
        Tenant tenant = store.tenants().create("acme", false);
        TrainingJobRecord job = createJob(tenant, createDataset(tenant, "ratings"));

        List<Boolean> outcomes = concurrently(() -> store.jobs().markRunning(job.id(), START));

        assertThat(outcomes).containsOnlyOnce(true);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
    void rejectsProgressOutsideUnitInterval(double progress) {
        assertFails(
                () -> store.jobs().updateProgress("job_0000000000000000", progress, ""),
                ErrorCode.INVALID_ARGUMENT,
                "progress must be within 0..1");
    }

    @Test
    void listsJobsByStateAcrossTenantsOldestFirst() {
        Tenant acme = store.tenants().create("acme", false);
        Tenant globex = store.tenants().create("globex", false);
        TrainingJobRecord first = createJob(acme, createDataset(acme, "ratings"));
        clock.advance(Duration.ofMillis(1));
        TrainingJobRecord second = createJob(globex, createDataset(globex, "clicks"));
        clock.advance(Duration.ofMillis(1));
        TrainingJobRecord started = createJob(acme, createDataset(acme, "ratings"));
        store.jobs().markRunning(started.id(), START);

        assertThat(store.jobs().listByState(JobState.QUEUED)).containsExactly(first, second);
        assertThat(store.jobs().listByState(JobState.RUNNING))
                .extracting(TrainingJobRecord::id)
                .containsExactly(started.id());
        assertThat(store.jobs().list(acme.id()))
                .extracting(TrainingJobRecord::id)
                .containsExactly(started.id(), first.id());
    }

    // --- models ---

    @Test
    void modelVersionsIncrementAndKeepTheirManifest() {
        Tenant tenant = store.tenants().create("acme", false);

        ModelVersionRecord first = createModelVersion(tenant, "churn");
        ModelVersionRecord second = store.models()
                .createVersion(
                        tenant.id(),
                        "churn",
                        sha256("artifact 2"),
                        2048,
                        manifest("ds_1", "job_2"),
                        Optional.of("job_0123456789abcdef"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.models().findVersion(tenant.id(), "churn", 1)).contains(first);
        assertThat(store.models().findVersion(tenant.id(), "churn", 2)).contains(second);
        assertThat(store.models().findVersion(tenant.id(), "churn", 3)).isEmpty();
        assertThat(store.models().listVersions(tenant.id(), "churn")).containsExactly(second, first);
        assertThat(second.manifest()).isEqualTo(manifest("ds_1", "job_2"));
        assertThat(second.jobId()).contains("job_0123456789abcdef");
        assertThat(first.jobId()).isEmpty();
    }

    @Test
    void uploadedVersionsKeepTheirFormatAndUploadDetailsNextToTrainedOnes() {
        Tenant tenant = store.tenants().create("acme", false);
        ModelVersionRecord trained = createModelVersion(tenant, "churn");
        UploadedModel details = new UploadedModel(
                "onnxruntime_onnx",
                List.of(new TensorSignature("x", "FP32", List.of(-1L, 3L))),
                List.of(new TensorSignature("y", "FP32", List.of(-1L, 1L))),
                "key_1",
                java.util.Map.of("producer_name", "skl2onnx"));

        ModelVersionRecord uploaded = store.models().createUploadedVersion(
                tenant.id(), "churn", sha256("onnx file"), 512, manifest("", ""), ModelFormat.ONNX, details);

        assertThat(uploaded.version()).isEqualTo(2);
        assertThat(store.models().findVersion(tenant.id(), "churn", 2)).contains(uploaded);
        assertThat(uploaded.format()).isEqualTo(ModelFormat.ONNX);
        assertThat(uploaded.upload()).contains(details);
        assertThat(store.models().findVersion(tenant.id(), "churn", 1).orElseThrow().format()).isEqualTo(ModelFormat.MARQUEE);
        assertThat(trained.upload()).isEmpty();
        assertThatThrownBy(() -> store.models().createUploadedVersion(
                        tenant.id(), "churn", sha256("x"), 1, manifest("", ""), ModelFormat.MARQUEE, details))
                .isInstanceOf(MarqueeException.class);
    }

    @Test
    void concurrentModelVersionCreatesGetUniqueConsecutiveVersions() throws Exception {
        Tenant tenant = store.tenants().create("acme", false);

        List<Integer> versions = concurrently(() -> createModelVersion(tenant, "churn").version());

        assertThat(versions)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, THREADS * CREATES_PER_THREAD)
                        .boxed()
                        .toList());
    }

    @Test
    void listsModelNamesSortedAndDistinct() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "recommender");
        createModelVersion(tenant, "churn");
        createModelVersion(tenant, "recommender");

        assertThat(store.models().listModelNames(tenant.id())).containsExactly("churn", "recommender");
        assertThat(store.models().listVersions(tenant.id(), "unknown")).isEmpty();
    }

    @Test
    void aliasMovesBetweenVersions() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        createModelVersion(tenant, "churn");

        store.models().setAlias(tenant.id(), "churn", "champion", 1);
        store.models().setAlias(tenant.id(), "churn", "challenger", 2);
        store.models().setAlias(tenant.id(), "churn", "champion", 2);

        assertThat(store.models().resolveAlias(tenant.id(), "churn", "champion")).contains(2);
        assertThat(store.models().aliases(tenant.id(), "churn"))
                .containsExactly(Map.entry("challenger", 2), Map.entry("champion", 2));
    }

    @Test
    void deletedAliasNoLongerResolves() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        store.models().setAlias(tenant.id(), "churn", "champion", 1);

        assertThat(store.models().deleteAlias(tenant.id(), "churn", "champion")).isTrue();
        assertThat(store.models().deleteAlias(tenant.id(), "churn", "champion")).isFalse();
        assertThat(store.models().resolveAlias(tenant.id(), "churn", "champion")).isEmpty();
    }

    @Test
    void aliasForMissingVersionIsNotFound() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");

        assertFails(
                () -> store.models().setAlias(tenant.id(), "churn", "champion", 2),
                ErrorCode.NOT_FOUND,
                "model 'churn' has no version 2");
        assertThat(store.models().aliases(tenant.id(), "churn")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1champion",
                "_champion",
                "has space",
                "champion/../x",
                "a123456789012345678901234567890123456789012345678901234567890123"
            })
    void rejectsMalformedAlias(String alias) {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");

        assertFails(
                () -> store.models().setAlias(tenant.id(), "churn", alias, 1),
                ErrorCode.INVALID_ARGUMENT,
                "alias '" + alias + "' must start with a letter");
    }

    @Test
    void acceptsLongestAlias() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        String alias = "a12345678901234567890123456789012345678901234567890123456789-_Z";

        store.models().setAlias(tenant.id(), "churn", alias, 1);

        assertThat(alias).hasSize(63);
        assertThat(store.models().resolveAlias(tenant.id(), "churn", alias)).contains(1);
    }

    // --- posted interactions ---

    @Test
    void postedInteractionsAreReadPerUserNewestFirstAndAppendedOnce() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "picks");
        store.endpoints().upsert(tenant.id(), "recs", "picks", "1", 1);
        store.postedInteractions().append(tenant.id(), "recs", List.of(
                new InteractionEvent("u1", "a", java.util.OptionalDouble.of(4.5), 100),
                new InteractionEvent("u2", "b", java.util.OptionalDouble.empty(), 101),
                new InteractionEvent("u1", "c", java.util.OptionalDouble.empty(), 102)));

        assertThat(store.postedInteractions().itemsOf(tenant.id(), "recs", "u1", 10)).containsExactly("c", "a");
        assertThat(store.postedInteractions().itemsOf(tenant.id(), "recs", "u1", 1)).containsExactly("c");
        assertThat(store.postedInteractions().itemsOf(tenant.id(), "recs", "nobody", 10)).isEmpty();
        PendingInteractions pending = store.postedInteractions().pending(tenant.id(), "recs", 2);
        assertThat(pending.events()).containsExactly(
                new InteractionEvent("u1", "a", java.util.OptionalDouble.of(4.5), 100),
                new InteractionEvent("u2", "b", java.util.OptionalDouble.empty(), 101));

        assertThat(store.postedInteractions().endpointsWithPending())
                .containsExactly(new PendingEndpoint(tenant.id(), "recs"));
        assertThat(store.postedInteractions().markAppended(tenant.id(), "recs", pending.throughId(), "ds_2"))
                .isEqualTo(2);
        PendingInteractions rest = store.postedInteractions().pending(tenant.id(), "recs", 10);
        assertThat(rest.events()).extracting(InteractionEvent::itemId).containsExactly("c");
        assertThat(store.postedInteractions().count(tenant.id(), "recs")).isEqualTo(3);
        assertThat(store.postedInteractions().itemsOf(tenant.id(), "recs", "u1", 10)).containsExactly("c", "a");
        store.postedInteractions().markAppended(tenant.id(), "recs", Long.MAX_VALUE, "ds_3");
        assertThat(store.postedInteractions().endpointsWithPending()).isEmpty();
    }

    @Test
    void postedInteractionsBelongToOneTenantsEndpointAndGoWithIt() {
        Tenant owner = store.tenants().create("acme", false);
        Tenant other = store.tenants().create("rival", false);
        createModelVersion(owner, "picks");
        store.endpoints().upsert(owner.id(), "recs", "picks", "1", 1);
        List<InteractionEvent> events = List.of(new InteractionEvent("u1", "a", java.util.OptionalDouble.empty(), 1));

        assertFails(() -> store.postedInteractions().append(other.id(), "recs", events), ErrorCode.NOT_FOUND,
                "endpoint 'recs' not found");
        store.postedInteractions().append(owner.id(), "recs", events);
        assertThat(store.postedInteractions().itemsOf(other.id(), "recs", "u1", 10)).isEmpty();
        assertThat(store.postedInteractions().count(other.id(), "recs")).isZero();

        store.endpoints().delete(owner.id(), "recs");
        assertThat(store.postedInteractions().count(owner.id(), "recs")).isZero();
    }

    // --- endpoints ---

    @Test
    void endpointUpsertKeepsCreatedAtAndChangesUpdatedAt() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        createModelVersion(tenant, "churn");
        EndpointRecord created = store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1);
        clock.advance(Duration.ofMinutes(5));

        EndpointRecord moved = store.endpoints().upsert(tenant.id(), "churn-live", "churn", "champion", 2);

        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        assertThat(moved.createdAt()).isEqualTo(created.createdAt());
        assertThat(moved.updatedAt()).isEqualTo(created.updatedAt().plus(Duration.ofMinutes(5)));
        assertThat(moved.reference()).isEqualTo("champion");
        assertThat(moved.version()).isEqualTo(2);
        assertThat(store.endpoints().find(tenant.id(), "churn-live")).contains(moved);
    }

    @Test
    void endpointForMissingVersionIsNotFound() {
        Tenant tenant = store.tenants().create("acme", false);

        assertFails(
                () -> store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1),
                ErrorCode.NOT_FOUND,
                "model 'churn' has no version 1");
        assertThat(store.endpoints().list(tenant.id())).isEmpty();
    }

    @Test
    void listsEndpointsByNameAndDeletesThem() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        store.endpoints().upsert(tenant.id(), "zulu", "churn", "1", 1);
        store.endpoints().upsert(tenant.id(), "alpha", "churn", "1", 1);

        assertThat(store.endpoints().list(tenant.id()))
                .extracting(EndpointRecord::name)
                .containsExactly("alpha", "zulu");
        assertThat(store.endpoints().delete(tenant.id(), "zulu")).isTrue();
        assertThat(store.endpoints().delete(tenant.id(), "zulu")).isFalse();
        assertThat(store.endpoints().list(tenant.id()))
                .extracting(EndpointRecord::name)
                .containsExactly("alpha");
    }

    @Test
    void singleVersionEndpointIsOneRouteWithAllTraffic() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");

        EndpointRecord endpoint = store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1);

        assertThat(endpoint.routes()).containsExactly(new EndpointRoute("churn-v1", "churn", "1", 1, 100));
        assertThat(endpoint.shadows()).isEmpty();
        assertThat(endpoint.batching()).isEmpty();
    }

    @Test
    void endpointRoutesShadowsAndBatchingRoundTripAndAreReplacedTogether() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        createModelVersion(tenant, "churn");
        createModelVersion(tenant, "churn");
        EndpointTraffic traffic = new EndpointTraffic(
                List.of(
                        new EndpointRoute("control", "churn", "1", 1, 90),
                        new EndpointRoute("canary", "churn", "champion", 2, 10)),
                List.of(new EndpointShadow("next", "churn", "3", 3, 25)),
                Optional.of(new EndpointBatching(32, 5)));

        EndpointRecord created = store.endpoints().upsert(tenant.id(), "churn-live", traffic);

        assertThat(created.traffic()).isEqualTo(traffic);
        assertThat(created.modelName()).isEqualTo("churn");
        assertThat(created.version()).isEqualTo(1);
        assertThat(store.endpoints().find(tenant.id(), "churn-live")).contains(created);
        assertThat(store.endpoints().list(tenant.id())).containsExactly(created);

        EndpointTraffic swapped = new EndpointTraffic(
                List.of(new EndpointRoute("canary", "churn", "2", 2, 1)), List.of(), Optional.empty());
        EndpointRecord moved = store.endpoints().upsert(tenant.id(), "churn-live", swapped);

        assertThat(moved.traffic()).isEqualTo(swapped);
        assertThat(moved.version()).isEqualTo(2);
        assertThat(store.endpoints().find(tenant.id(), "churn-live").orElseThrow().traffic()).isEqualTo(swapped);
    }

    @Test
    void endpointRouteToMissingVersionIsNotFoundAndChangesNothing() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        EndpointRecord existing = store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1);
        EndpointTraffic traffic = new EndpointTraffic(
                List.of(new EndpointRoute("a", "churn", "1", 1, 1)),
                List.of(new EndpointShadow("b", "churn", "7", 7, 10)),
                Optional.empty());

        assertFails(
                () -> store.endpoints().upsert(tenant.id(), "churn-live", traffic),
                ErrorCode.NOT_FOUND,
                "model 'churn' has no version 7");
        assertThat(store.endpoints().find(tenant.id(), "churn-live")).contains(existing);
    }

    @Test
    void trafficRejectsBadWeightsPercentagesAndDuplicateNamesByField() {
        EndpointRoute good = new EndpointRoute("a", "churn", "1", 1, 1);
        assertFails(() -> new EndpointTraffic(List.of(), List.of(), Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "'routes'");
        assertFails(() -> new EndpointTraffic(
                        List.of(good, new EndpointRoute("b", "churn", "1", 1, -1)), List.of(), Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "'routes[1].weight'");
        assertFails(() -> new EndpointTraffic(
                        List.of(new EndpointRoute("a", "churn", "1", 1, 0)), List.of(), Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "sum to a positive number");
        assertFails(() -> new EndpointTraffic(
                        List.of(new EndpointRoute("a", "churn", "1", 1, Double.NaN)), List.of(), Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "'routes[0].weight'");
        assertFails(() -> new EndpointTraffic(
                        List.of(good), List.of(new EndpointShadow("s", "churn", "1", 1, 101)), Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "'shadows[0].percent'");
        assertFails(() -> new EndpointTraffic(
                        List.of(good), List.of(new EndpointShadow("a", "churn", "1", 1, 5)), Optional.empty()),
                ErrorCode.INVALID_ARGUMENT, "'shadows[0].name'");
        assertFails(() -> new EndpointBatching(0, 1), ErrorCode.INVALID_ARGUMENT, "'batching.max_batch_size'");
        assertFails(() -> new EndpointBatching(1, -1), ErrorCode.INVALID_ARGUMENT, "'batching.max_queue_delay_ms'");
    }

    // --- experiments ---

    @Test
    void experimentTotalsCountRequestsAndFeedbackPerVariant() {
        Tenant tenant = store.tenants().create("acme", false);
        store.experiments().recordAssignments(List.of(
                assignment(tenant, "r1", "a", START),
                assignment(tenant, "r2", "a", START),
                assignment(tenant, "r3", "b", START)));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("r1"), "a", 1, START));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("r2"), "a", 0, START));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("r3"), "b", 2.5, START));
        store.experiments().recordFeedback(feedback(tenant, Optional.empty(), "b", 1, START));

        assertThat(store.experiments().totals(tenant.id(), "churn-live")).containsExactly(
                new VariantTotals("a", 2, 2, 1, 1, 0),
                new VariantTotals("b", 1, 2, 3.5, 7.25, 1));
        assertThat(store.experiments().totals(tenant.id(), "other")).isEmpty();
    }

    @Test
    void feedbackForTheSameRequestIdReplacesTheEarlierOne() {
        Tenant tenant = store.tenants().create("acme", false);
        store.experiments().recordFeedback(feedback(tenant, Optional.of("r1"), "a", 0, START));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("r1"), "a", 1, START));

        assertThat(store.experiments().totals(tenant.id(), "churn-live"))
                .containsExactly(new VariantTotals("a", 0, 1, 1, 1, 0));
    }

    @Test
    void assignmentsAreFoundByRequestIdWithinTheirTenantOnly() {
        Tenant owner = store.tenants().create("acme", false);
        Tenant intruder = store.tenants().create("globex", false);
        String longId = "x".repeat(5_000);
        store.experiments().recordAssignments(List.of(
                assignment(owner, "r1", "a", START), assignment(owner, longId, "b", START)));
        // A later assignment of the same id (a retried request) replaces the first.
        store.experiments().recordAssignments(List.of(assignment(owner, "r1", "b", START)));

        assertThat(store.experiments().findAssignment(owner.id(), "churn-live", "r1"))
                .contains(assignment(owner, "r1", "b", START.truncatedTo(ChronoUnit.MILLIS)));
        assertThat(store.experiments().findAssignment(owner.id(), "churn-live", longId).orElseThrow().routeName())
                .isEqualTo("b");
        assertThat(store.experiments().findAssignment(intruder.id(), "churn-live", "r1")).isEmpty();
        assertThat(store.experiments().findAssignment(owner.id(), "other", "r1")).isEmpty();
        assertThat(store.experiments().totals(intruder.id(), "churn-live")).isEmpty();
    }

    @Test
    void purgeDeletesOnlyTheExperimentLogOlderThanTheCutoff() {
        Tenant tenant = store.tenants().create("acme", false);
        store.experiments().recordAssignments(List.of(
                assignment(tenant, "old", "a", START), assignment(tenant, "new", "a", START.plusSeconds(60))));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("old"), "a", 1, START));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("new"), "a", 0, START.plusSeconds(60)));

        assertThat(store.experiments().purgeBefore(START.plusSeconds(30))).isEqualTo(2);

        assertThat(store.experiments().findAssignment(tenant.id(), "churn-live", "old")).isEmpty();
        assertThat(store.experiments().findAssignment(tenant.id(), "churn-live", "new")).isPresent();
        assertThat(store.experiments().totals(tenant.id(), "churn-live"))
                .containsExactly(new VariantTotals("a", 1, 1, 0, 0, 0));
    }

    @Test
    void deletingAnEndpointDeletesItsRoutesAndExperimentLog() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1);
        store.experiments().recordAssignments(List.of(assignment(tenant, "r1", "a", START)));
        store.experiments().recordFeedback(feedback(tenant, Optional.of("r1"), "a", 1, START));

        assertThat(store.endpoints().delete(tenant.id(), "churn-live")).isTrue();

        assertThat(store.experiments().totals(tenant.id(), "churn-live")).isEmpty();
        EndpointRecord recreated = store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1);
        assertThat(recreated.routes()).hasSize(1);
    }

    private static InferenceAssignment assignment(Tenant tenant, String requestId, String route, Instant at) {
        return new InferenceAssignment(tenant.id(), "churn-live", requestId, route, "churn", 1, at);
    }

    private static ExperimentFeedback feedback(
            Tenant tenant, Optional<String> requestId, String route, double reward, Instant at) {
        return new ExperimentFeedback(tenant.id(), "churn-live", requestId, route, reward, at);
    }

    // --- endpoint request logging ---

    @Test
    void endpointLoggingRoundTripsAndIsReplacedWhole() {
        Tenant tenant = store.tenants().create("acme", false);
        createModelVersion(tenant, "churn");
        store.endpoints().upsert(tenant.id(), "churn-live", "churn", "1", 1);
        assertThat(store.endpointLogging().find(tenant.id(), "churn-live")).isEmpty();

        EndpointLoggingRecord first = store.endpointLogging().put(
                tenant.id(), "churn-live", new EndpointLogging(OptionalDouble.of(0.25), List.of("user_id", "Email")));
        clock.advance(Duration.ofMinutes(1));
        EndpointLoggingRecord second = store.endpointLogging().put(
                tenant.id(), "churn-live", new EndpointLogging(OptionalDouble.empty(), List.of("device_id")));

        assertThat(first.logging().sampleRate()).hasValue(0.25);
        assertThat(store.endpointLogging().find(tenant.id(), "churn-live")).contains(second);
        assertThat(second.logging().sampleRate()).isEmpty();
        assertThat(second.logging().personalFields()).containsExactly("device_id");
        assertThat(second.updatedAt()).isEqualTo(first.updatedAt().plus(Duration.ofMinutes(1)));
    }

    @Test
    void endpointLoggingIsScopedToTheTenantAndNeedsTheEndpoint() {
        Tenant acme = store.tenants().create("acme", false);
        Tenant other = store.tenants().create("other", false);
        createModelVersion(acme, "churn");
        store.endpoints().upsert(acme.id(), "churn-live", "churn", "1", 1);
        store.endpointLogging().put(acme.id(), "churn-live", new EndpointLogging(OptionalDouble.of(1), List.of()));

        assertThat(store.endpointLogging().find(other.id(), "churn-live")).isEmpty();
        assertFails(
                () -> store.endpointLogging().put(
                        other.id(), "churn-live", new EndpointLogging(OptionalDouble.of(1), List.of())),
                ErrorCode.NOT_FOUND,
                "endpoint 'churn-live' not found");
    }

    @Test
    void endpointLoggingRejectsBadSettingsByField() {
        assertFails(
                () -> new EndpointLogging(OptionalDouble.of(1.5), List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "'sample_rate' must be a number from 0 to 1, got 1.5");
        assertFails(
                () -> new EndpointLogging(OptionalDouble.of(Double.NaN), List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "'sample_rate' must be a number from 0 to 1");
        assertFails(
                () -> new EndpointLogging(OptionalDouble.empty(), List.of("ok", " padded")),
                ErrorCode.INVALID_ARGUMENT,
                "'personal_fields[1]' must not contain control characters");
        assertFails(
                () -> new EndpointLogging(OptionalDouble.empty(), List.of("")),
                ErrorCode.INVALID_ARGUMENT,
                "'personal_fields[0]' must be a name of 1-128 characters");
        assertThat(new EndpointLogging(OptionalDouble.empty(), List.of("email", "EMAIL", "ip")).personalFields())
                .containsExactly("email", "ip");
    }

    // --- audit ---

    @Test
    void listsAuditEntriesNewestFirstUpToLimit() {
        Tenant tenant = store.tenants().create("acme", false);
        for (int index = 0; index < 5; index++) {
            store.audit().append(tenant.id(), "key_a", "dataset.create", "ds_" + index, "", START.plusSeconds(index));
        }
        // Appended last but dated first: the order is by time, not by arrival.
        store.audit().append(tenant.id(), "key_a", "tenant.create", "acme", "", START.minusSeconds(1));

        List<AuditEntry> entries = store.audit().list(tenant.id(), 3);

        assertThat(entries).extracting(AuditEntry::target).containsExactly("ds_4", "ds_3", "ds_2");
        assertThat(store.audit().list(tenant.id(), 100))
                .extracting(AuditEntry::target)
                .containsExactly("ds_4", "ds_3", "ds_2", "ds_1", "ds_0", "acme");
        assertThat(store.audit().list(tenant.id(), 0)).isEmpty();
    }

    @Test
    void auditEntriesWithTheSameTimeComeNewestAppendedFirst() {
        Tenant tenant = store.tenants().create("acme", false);
        store.audit().append(tenant.id(), "key_a", "model.alias", "first", "", START);
        store.audit().append(tenant.id(), "key_a", "model.alias", "second", "", START);

        assertThat(store.audit().list(tenant.id(), 10))
                .extracting(AuditEntry::target)
                .containsExactly("second", "first");
    }

    @Test
    void auditEntryRoundTripsAtMillisecondPrecision() {
        Tenant tenant = store.tenants().create("acme", false);
        store.audit().append(tenant.id(), "key_a", "endpoint.deploy", "churn-live", "version 2", START);

        AuditEntry entry = store.audit().list(tenant.id(), 1).getFirst();

        assertThat(entry)
                .usingRecursiveComparison()
                .ignoringFields("id")
                .isEqualTo(new AuditEntry(
                        0,
                        tenant.id(),
                        "key_a",
                        "endpoint.deploy",
                        "churn-live",
                        "version 2",
                        START.truncatedTo(ChronoUnit.MILLIS)));
    }

    @Test
    void rejectsNegativeAuditLimit() {
        Tenant tenant = store.tenants().create("acme", false);

        assertFails(
                () -> store.audit().list(tenant.id(), -1), ErrorCode.INVALID_ARGUMENT, "limit must not be negative");
    }

    // --- lifecycle ---

    @Test
    void keepsDataAcrossReopen() {
        Tenant tenant = store.tenants().create("acme", true);
        DatasetRecord dataset = createDataset(tenant, "ratings");
        store.close();

        store = open(clock);
        store.close();
        store = open(clock);

        assertThat(store.tenants().findOperator()).contains(tenant);
        assertThat(store.datasets().find(tenant.id(), dataset.id())).contains(dataset);
        assertThat(createDataset(tenant, "ratings").version()).isEqualTo(2);
    }

    @Test
    void closedStoreIsUnavailable() {
        store.close();

        assertFails(() -> store.tenants().list(), ErrorCode.UNAVAILABLE, "metadata store is closed");
        assertFails(() -> store.tenants().create("acme", false), ErrorCode.UNAVAILABLE, "metadata store is closed");
    }

    // --- helpers ---

    protected DatasetRecord createDataset(Tenant tenant, String name) {
        return store.datasets().create(tenant.id(), name, sha256(name), 100, profile(3));
    }

    protected TrainingJobRecord createJob(Tenant tenant, DatasetRecord dataset) {
        return store.jobs()
                .create(tenant.id(), dataset.id(), "churn", "logistic_regression", "{\"target\":\"churned\"}");
    }

    protected ModelVersionRecord createModelVersion(Tenant tenant, String modelName) {
        return store.models()
                .createVersion(
                        tenant.id(), modelName, sha256(modelName), 512, manifest("ds_1", "job_1"), Optional.empty());
    }

    /** Runs {@code action} {@value #CREATES_PER_THREAD} times on each of {@value #THREADS} virtual threads at once. */
    private static <T> List<T> concurrently(Callable<T> action) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<T>>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int thread = 0; thread < THREADS; thread++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    List<T> results = new ArrayList<>();
                    for (int call = 0; call < CREATES_PER_THREAD; call++) {
                        results.add(action.call());
                    }
                    return results;
                }));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                all.addAll(future.get());
            }
            return all;
        }
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class, failure -> assertThat(failure.code())
                        .isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}
