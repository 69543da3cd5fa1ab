package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.DatasetKind;
import dev.marquee.store.DatasetRecord;
import dev.marquee.store.JdbcMetadataStore;
import dev.marquee.store.JobState;
import dev.marquee.store.LocalArtifactStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.ModelFormat;
import dev.marquee.store.ModelVersionRecord;
import dev.marquee.store.StoredArtifact;
import dev.marquee.store.Tenant;
import dev.marquee.store.TrainingJobRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recommender job queued when the process stopped is resumed from its stored request and registers a version. */
class RecommenderJobsTest {
    @TempDir
    Path directory;

    @Test
    void queuedRecommenderJobIsResumedFromItsStoredRequest() throws Exception {
        MetadataStore store = JdbcMetadataStore.openSqlite(directory.resolve("metadata.db"));
        ArtifactStore artifacts = new LocalArtifactStore(directory.resolve("artifacts"));
        Tenant tenant = store.tenants().create("studio", false);
        StringBuilder events = new StringBuilder("user,item,timestamp\n");
        for (int user = 0; user < 40; user++) {
            for (int item = 0; item < 6; item++) {
                events.append('u').append(user).append(",i").append((user % 4) * 5 + item).append(',')
                        .append(100 + item).append('\n');
            }
        }
        InteractionDatasets.Parsed parsed = InteractionDatasets.parse(
                events.toString().getBytes(StandardCharsets.UTF_8), InteractionFormat.CSV);
        StoredArtifact stored = artifacts.put(parsed.canonical());
        DatasetRecord dataset = store.datasets().create(tenant.id(), "plays", stored.sha256(), stored.sizeBytes(),
                InteractionDatasets.profile(parsed.interactions()), DatasetKind.INTERACTIONS,
                Optional.of(parsed.summary()));
        TuningSpec tuning = TuningSpec.grid(Map.of("neighbours", new SearchSpace.Values(List.of("5", "10"))));
        RecommenderJobRequest request = new RecommenderJobRequest(dataset.id(), "picks", "item_knn", Map.of(), 9,
                EvaluationProtocol.LEAVE_LAST_OUT, 3, Optional.of(tuning), Optional.empty());
        ObjectMapper mapper = Json.newObjectMapper();
        TrainingJobRecord queued = store.jobs().create(tenant.id(), dataset.id(), "picks", "item_knn",
                mapper.writeValueAsString(request));
        assertThat(mapper.readValue(queued.request(), RecommenderJobRequest.class)).isEqualTo(request);

        try (TrainingJobs jobs = new TrainingJobs(store, artifacts, new TrainingPipeline(), TrainingJobsConfig.DEFAULT,
                Clock.systemUTC(), "test")) {
            jobs.start();
            TrainingJobRecord finished = awaitFinished(store, tenant.id(), queued.id());

            assertThat(finished.state()).as(finished.message()).isEqualTo(JobState.SUCCEEDED);
            ModelVersionRecord version = store.models().findVersion(tenant.id(), "picks", 1).orElseThrow();
            assertThat(version.format()).isEqualTo(ModelFormat.RECOMMENDER);
            assertThat(version.manifest().metrics()).containsKeys("ndcg@3", "validation_ndcg@3");
            assertThat(version.manifest().tuning().trials()).hasSize(2);
            assertThat(RecommenderArtifacts.read(artifacts.read(version.artifactSha256())).manifest())
                    .isEqualTo(version.manifest());
            assertThat(jobs.recommenderRequest(tenant.id(), version)).isEqualTo(request);
        }
    }

    /** Polls the store until the job ends; the job runs on the service's own worker. */
    private static TrainingJobRecord awaitFinished(MetadataStore store, String tenantId, String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            TrainingJobRecord job = store.jobs().find(tenantId, jobId).orElseThrow();
            if (job.state().isTerminal() || System.nanoTime() > deadline) {
                return job;
            }
            Thread.onSpinWait();
        }
    }
}
