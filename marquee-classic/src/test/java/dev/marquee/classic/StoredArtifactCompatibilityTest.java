package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.Predictions;
import dev.marquee.core.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * Artifacts checked in as written by format version 1 must keep loading and predicting the same values, whatever
 * this code now writes. Never regenerate these files: add new ones for new versions.
 */
class StoredArtifactCompatibilityTest {
    @Test
    void loadsVersionOneLogisticRegression() {
        LoadedModel model = ModelArtifacts.load(resource("logistic_regression-v1.json"));

        ModelManifest manifest = model.manifest();
        assertThat(manifest.formatVersion()).isEqualTo(1);
        assertThat(manifest.output().task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(manifest.provenance().seed()).isEqualTo(42);
        // x standardised as (x - 1) / 2; score = -0.5 + 1.5 x' + 2 [red] - 1 [blue].
        Predictions predictions = model.predict(new Object[][] {{3.0, "red"}, {null, "green"}});
        assertThat(predictions.probabilities()[0][1]).isCloseTo(sigmoid(3), within(1e-15));
        assertThat(predictions.probabilities()[1][1]).isCloseTo(sigmoid(-0.5), within(1e-15));
        assertThat(predictions.labels()).containsExactly("yes", "no");
    }

    @Test
    void loadsVersionOneLinearRegression() {
        LoadedModel model = ModelArtifacts.load(resource("linear_regression-v1.json"));

        assertThat(ModelArtifacts.readManifest(resource("linear_regression-v1.json"))).isEqualTo(model.manifest());
        // 100 + 2 (20 - 10) / 5 + 3 [member] + 1 (86400 s / 86400).
        Predictions predictions = model.predict(new Object[][] {
            {20.0, true, "1970-01-02", "free text"},
            {null, null, null, null}
        });
        assertThat(predictions.values()).containsExactly(108, 100);
    }

    private static double sigmoid(double score) {
        return 1 / (1 + Math.exp(-score));
    }

    private static byte[] resource(String name) {
        try (InputStream input = StoredArtifactCompatibilityTest.class.getResourceAsStream("/artifacts/" + name)) {
            if (input == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return input.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
