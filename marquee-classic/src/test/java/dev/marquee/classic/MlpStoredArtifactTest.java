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
 * {@code mlp} artifacts checked in as written by format version 1 must keep loading and predicting the same values,
 * whatever this code now writes. Never regenerate these files: add new ones for new versions.
 */
class MlpStoredArtifactTest {
    @Test
    void loadsVersionOneRegression() {
        LoadedModel model = ModelArtifacts.load(resource("mlp-regression-v1.json"));

        // x' = (x - 1) / 2; hidden = relu(x'), relu(-x'); y = 2 hidden[0] + 3 hidden[1] + 0.5.
        Predictions predictions = model.predict(new Object[][] {{3.0}, {-1.0}, {null}});
        assertThat(predictions.values()).containsExactly(2.5, 3.5, 0.5);
    }

    @Test
    void loadsVersionOneBinaryClassifier() {
        LoadedModel model = ModelArtifacts.load(resource("mlp-binary-v1.json"));

        // p(yes) = sigmoid(2 tanh(x)).
        Predictions predictions = model.predict(new Object[][] {{1.0}, {-0.5}});
        assertThat(predictions.probabilities()[0][1]).isCloseTo(sigmoid(2 * Math.tanh(1)), within(1e-15));
        assertThat(predictions.probabilities()[1][0]).isCloseTo(1 - sigmoid(2 * Math.tanh(-0.5)), within(1e-15));
        assertThat(predictions.labels()).containsExactly("yes", "no");
    }

    private static double sigmoid(double score) {
        return 1 / (1 + Math.exp(-score));
    }

    private static byte[] resource(String name) {
        try (InputStream input = MlpStoredArtifactTest.class.getResourceAsStream("/artifacts/" + name)) {
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
