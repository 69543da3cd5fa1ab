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
 * A {@code gradient_boosting} artifact checked in as written by format version 1 must keep loading and predicting the
 * same values, whatever this code (and the XGBoost it links) now writes. Never regenerate the file: add new ones for
 * new versions.
 */
class GradientBoostingStoredArtifactTest {
    @Test
    void loadsVersionOneGradientBoosting() {
        LoadedModel model = ModelArtifacts.load(resource("gradient_boosting-v1.json"));

        assertThat(model.manifest().algorithm()).isEqualTo(GradientBoosting.NAME);
        assertThat(model.manifest().parameters()).containsEntry("trees", "2").containsEntry("max_depth", "1");
        // Two stumps fitted by XGBoost 3.4.0 on x = 0..9, passed = x >= 5; probabilities recorded when written.
        Predictions predictions = model.predict(new Object[][] {{2.0}, {7.0}, {null}});
        assertThat(predictions.probabilities()[0][1]).isCloseTo(0.35071430, within(1e-7));
        assertThat(predictions.probabilities()[1][1]).isCloseTo(0.64928573, within(1e-7));
        assertThat(predictions.probabilities()[2][1]).isCloseTo(0.35071430, within(1e-7));
        assertThat(predictions.labels()).containsExactly("no", "yes", "no");
    }

    private static byte[] resource(String name) {
        try (InputStream input = GradientBoostingStoredArtifactTest.class.getResourceAsStream("/artifacts/" + name)) {
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
