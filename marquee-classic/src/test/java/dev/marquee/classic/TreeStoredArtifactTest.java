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
 * Tree artifacts checked in as written by format version 1 must keep loading and predicting the same values, whatever
 * this code now writes. Never regenerate these files: add new ones for new versions.
 */
class TreeStoredArtifactTest {
    @Test
    void loadsVersionOneDecisionTree() {
        LoadedModel model = ModelArtifacts.load(resource("decision_tree-v1.json"));

        // x standardised as (x - 1) / 2; x' <= 0.5 ? (blue <= 0.5 ? [0.9, 0.1] : [0.4, 0.6]) : [0.2, 0.8].
        Predictions predictions = model.predict(new Object[][] {{3.0, "blue"}, {1.0, "blue"}, {null, "green"}});
        assertThat(predictions.probabilities()[0]).containsExactly(0.2, 0.8);
        assertThat(predictions.probabilities()[1]).containsExactly(0.4, 0.6);
        assertThat(predictions.probabilities()[2]).containsExactly(0.9, 0.1);
        assertThat(predictions.labels()).containsExactly("yes", "yes", "no");
    }

    @Test
    void loadsVersionOneRandomForest() {
        LoadedModel model = ModelArtifacts.load(resource("random_forest-v1.json"));

        // Mean of (x' <= 0 ? 10 : 20) and (red <= 0.5 ? 30 : 50).
        Predictions predictions = model.predict(new Object[][] {{3.0, "red"}, {null, null}, {-1.0, "red"}});
        assertThat(predictions.values()[0]).isCloseTo(35, within(1e-12));
        assertThat(predictions.values()[1]).isCloseTo(20, within(1e-12));
        assertThat(predictions.values()[2]).isCloseTo(30, within(1e-12));
    }

    private static byte[] resource(String name) {
        try (InputStream input = TreeStoredArtifactTest.class.getResourceAsStream("/artifacts/" + name)) {
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
