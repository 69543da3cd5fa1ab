package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marquee.core.ModelManifest;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.InteractionReader;
import dev.marquee.recommend.Interactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The training-job defaults on FilmTrust ({@code /work/shared/data/filmtrust/ratings.txt}), through the job path:
 * what a user gets who names only the algorithm. Slow; runs with {@code -Dmarquee.referenceChecks=true}.
 */
class RecommenderJobReferenceTest {
    private static final Path DATA = Path.of("/work/shared/data/filmtrust/ratings.txt");
    private static final Provenance PROVENANCE =
            new Provenance("ds_1", "0".repeat(64), 2020, "test", "job_1", Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void explore() {
        assumeTrue(Boolean.getBoolean("marquee.referenceChecks"), "run with -Dmarquee.referenceChecks=true");
        assumeTrue(Files.isReadable(DATA), DATA + " is absent");
        Interactions data = InteractionReader.read(DATA, InteractionFormat.FILMTRUST);
        for (String spec : System.getProperty("marquee.explore", "").split(";")) {
            if (spec.isBlank()) {
                continue;
            }
            String[] parts = spec.split(":", 2);
            Map<String, String> parameters = new java.util.HashMap<>();
            if (parts.length > 1) {
                for (String pair : parts[1].split(",")) {
                    String[] kv = pair.split("=");
                    parameters.put(kv[0], kv[1]);
                }
            }
            long start = System.nanoTime();
            ModelManifest manifest = RecommenderTraining.train(data, new RecommenderJobRequest("ds_1", "m", parts[0],
                    parameters, 2020, null, 10, Optional.empty(), Optional.empty()), Optional.empty(), PROVENANCE,
                    ProgressListener.NONE, () -> false).manifest();
            System.out.printf("EXPLORE %s %s ndcg@10 %.4f val %.4f rmse %s  %d ms%n", parts[0], parameters,
                    manifest.metrics().get("ndcg@10"), manifest.metrics().getOrDefault("validation_ndcg@10", -1.0),
                    manifest.metrics().get("rmse"), (System.nanoTime() - start) / 1_000_000);
        }
        assertThat(data.size()).isPositive();
    }
}
