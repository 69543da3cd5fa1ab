package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * SVM artifacts checked in as written by format version 1 must keep loading and predicting the same values, whatever
 * this code now writes. Never regenerate these files: add new ones for new versions.
 */
class SvmStoredArtifactCompatibilityTest {
    @Test
    void loadsVersionOneLinearSvm() {
        LoadedModel model = ModelArtifacts.load(resource("linear_svm-v1.json"));

        // x standardised as (x - 1) / 2; decision value 2 x' - 1; P(yes) = sigmoid(0.5 · decision value).
        Predictions predictions = model.predict(new Object[][] {{3.0}, {null}});
        assertThat(predictions.probabilities()[0][1]).isCloseTo(sigmoid(0.5), within(1e-15));
        assertThat(predictions.probabilities()[1][1]).isCloseTo(sigmoid(-0.5), within(1e-15));
        assertThat(predictions.labels()).containsExactly("yes", "no");
    }

    @Test
    void loadsVersionOneKernelSvm() {
        LoadedModel model = ModelArtifacts.load(resource("kernel_svm-v1.json"));

        // x' = (x - 1) / 2; decision value exp(-0.5 (x' + 1)²) - exp(-0.5 (x' - 1)²), positive for "low";
        // P(low) = 1 / (1 + exp(-2 · decision value)).
        Predictions predictions = model.predict(new Object[][] {{-1.0}, {3.0}});
        double decision = 1 - Math.exp(-2);
        assertThat(predictions.probabilities()[0][0]).isCloseTo(sigmoid(2 * decision), within(1e-15));
        assertThat(predictions.probabilities()[1][0]).isCloseTo(sigmoid(-2 * decision), within(1e-15));
        assertThat(predictions.labels()).containsExactly("low", "high");
    }

    private static double sigmoid(double score) {
        return 1 / (1 + Math.exp(-score));
    }

    private static byte[] resource(String name) {
        try (InputStream input = SvmStoredArtifactCompatibilityTest.class.getResourceAsStream("/artifacts/" + name)) {
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
