package dev.marquee.runtime;

import static dev.marquee.runtime.OnnxServedModelTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.store.ModelFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArtifactFormatsTest {
    @Test
    void tellsTheKindOfEveryArtifactFromItsBytes() throws Exception {
        assertThat(ArtifactFormats.detect(OnnxTestModels.linear(new float[3], 0))).isEqualTo(ModelFormat.ONNX);
        assertThat(ArtifactFormats.detect(XgboostTestModels.saved("binary:logistic", "json"))).isEqualTo(ModelFormat.XGBOOST);
        assertThat(ArtifactFormats.detect(XgboostTestModels.saved("binary:logistic", "ubj"))).isEqualTo(ModelFormat.XGBOOST);
        assertThat(ArtifactFormats.detect(bytes("{\"formatVersion\":1,\"manifest\":{}}"))).isEqualTo(ModelFormat.MARQUEE);
        assertThat(ArtifactFormats.detect(bytes(" {\n \"version\": [3, 4, 0], \"learner\": {}}"))).isEqualTo(ModelFormat.XGBOOST);
    }

    @Test
    void refusesEmptyAndUnknownJsonDocuments() {
        assertInvalid(() -> ArtifactFormats.detect(new byte[0]), "empty");
        assertInvalid(() -> ArtifactFormats.detect(bytes("{\"weights\": [1, 2]}")), "neither a Marquee artifact");
    }

    @Test
    void servedModelsLoadsEachKindWithItsRuntime() throws Exception {
        try (ServedModel onnx = ServedModels.load(OnnxTestModels.linear(new float[3], 0));
                ServedModel xgboost = ServedModels.load(XgboostTestModels.saved("reg:squarederror", "ubj"))) {
            assertThat(onnx).isInstanceOf(OnnxServedModel.class);
            assertThat(xgboost).isInstanceOf(XgboostServedModel.class);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
