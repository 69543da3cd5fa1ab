package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.runtime.OnnxTestModels;
import dev.marquee.runtime.XgboostTestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bring-your-own models: ONNX and XGBoost files uploaded, registered, deployed and inferred over OIP. */
class ModelUploadTest {
    private static final String OCTETS = "application/octet-stream";
    private static final byte[] LINEAR = OnnxTestModels.linear(new float[] {0.5f, -2f, 3f}, 0.25f);

    @TempDir
    Path dataDirectory;

    @Test
    void uploadedOnnxModelIsRegisteredWithItsGraphDeployedAndInferred() throws Exception {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            ApiResponse uploaded = client.postBytes("/v1/models/linear/versions?format=onnx", OCTETS, LINEAR);
            assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
            JsonNode version = uploaded.json();
            assertThat(version.path("version").asInt()).isEqualTo(1);
            assertThat(version.path("format").asText()).isEqualTo("onnx");
            assertThat(version.path("artifact_sha256").asText()).isEqualTo(sha256(LINEAR));
            assertThat(version.path("artifact_size_bytes").asLong()).isEqualTo(LINEAR.length);
            JsonNode upload = version.path("upload");
            assertThat(upload.path("platform").asText()).isEqualTo("onnxruntime_onnx");
            assertThat(upload.path("inputs").get(0).path("name").asText()).isEqualTo("x");
            assertThat(upload.path("inputs").get(0).path("datatype").asText()).isEqualTo("FP32");
            assertThat(upload.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1,3]");
            assertThat(upload.path("outputs").get(0).path("name").asText()).isEqualTo("y");
            assertThat(upload.path("uploaded_by").asText()).isNotEmpty();
            assertThat(version.path("manifest").path("algorithm").asText()).isEqualTo("onnx");
            assertThat(version.path("manifest").path("metrics").isEmpty()).isTrue();

            assertThat(client.get("/v1/models/linear/versions/1").successJson()).isEqualTo(version);
            assertThat(client.get("/v1/models").successJson().path("models").get(0).path("name").asText())
                    .isEqualTo("linear");
            assertThat(client.get("/v1/models/linear/versions/1/download").body()).isEqualTo(LINEAR);
            assertThat(client.get("/v1/models/linear/versions/1/onnx").body())
                    .as("an uploaded ONNX file exports as itself").isEqualTo(LINEAR);
            client.put("/v1/models/linear/aliases/champion", Map.of("version", 1)).successJson();
            client.deploy("scorer", "linear", "champion");

            JsonNode metadata = client.get("/v2/models/scorer").successJson();
            assertThat(metadata.path("platform").asText()).isEqualTo("onnxruntime_onnx");
            assertThat(metadata.path("inputs").toString())
                    .isEqualTo("[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]");
            assertThat(metadata.path("outputs").toString())
                    .isEqualTo("[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]");

            JsonNode response = client.infer("scorer", Map.of("id", "r1", "inputs", List.of(Map.of(
                            "name", "x", "datatype", "FP32", "shape", List.of(2, 3),
                            "data", List.of(List.of(1, 2, 3), List.of(-1, 0, 0.5))))))
                    .successJson();
            assertThat(response.path("id").asText()).isEqualTo("r1");
            JsonNode y = response.path("outputs").get(0);
            assertThat(y.path("shape").toString()).isEqualTo("[2,1]");
            assertThat(y.path("data").get(0).asDouble()).isCloseTo(5.75, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(y.path("data").get(1).asDouble()).isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-5));

            JsonNode audit = client.get("/v1/audit").successJson().path("entries");
            assertThat(audit.findValuesAsText("action")).contains("model.upload");
        }
    }

    @Test
    void uploadedXgboostModelPredictsAsXgboost() throws Exception {
        Booster booster = XgboostTestModels.train("binary:logistic", 3);
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            float[] row = {0.9f, 0.8f, 0.1f, 0.2f};
            float expected = booster.inplace_predict(row, 1, 4, Float.NaN)[0][0];
            for (String format : List.of("ubj", "json")) {
                ApiResponse uploaded = client.postBytes(
                        "/v1/models/churn-xgb/versions?format=xgboost&objective=binary:logistic&feature_count=4",
                        OCTETS, booster.toByteArray(format));
                assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
                assertThat(uploaded.json().path("upload").path("properties").path("objective").asText())
                        .isEqualTo("binary:logistic");
            }
            client.deploy("churn", "churn-xgb", 1);
            JsonNode metadata = client.get("/v2/models/churn").successJson();
            assertThat(metadata.path("platform").asText()).isEqualTo("xgboost");
            assertThat(metadata.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1,4]");
            JsonNode output = client.infer("churn", Map.of("inputs", List.of(Map.of(
                            "name", "input", "datatype", "FP32", "shape", List.of(1, 4),
                            "data", List.of(0.9, 0.8, 0.1, 0.2)))))
                    .successJson().path("outputs").get(0);
            assertThat(output.path("name").asText()).isEqualTo("predict");
            assertThat((float) output.path("data").get(0).asDouble()).isEqualTo(expected);

            ApiResponse export = client.get("/v1/models/churn-xgb/versions/1/onnx");
            assertThat(export.status()).isEqualTo(400);
            assertThat(export.text()).contains("XGBoost");

            ApiResponse mismatch = client.postBytes(
                    "/v1/models/churn-xgb/versions?format=xgboost&feature_count=7", OCTETS, booster.toByteArray("ubj"));
            assertThat(mismatch.status()).isEqualTo(400);
            assertThat(mismatch.text()).contains("feature_count");
        } finally {
            booster.dispose();
        }
    }

    @Test
    void damagedOrMislabelledUploadsAreRejectedAndRegisterNothing() throws Exception {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            byte[] ubj = XgboostTestModels.saved("binary:logistic", "ubj");
            Map<String, byte[]> uploads = Map.of(
                    "format=onnx", Arrays.copyOf(LINEAR, LINEAR.length - 7),
                    "format=xgboost", Arrays.copyOf(ubj, ubj.length / 2),
                    "format=onnx&x=1", ubj,
                    "format=xgboost&y=1", LINEAR,
                    "format=onnx&z=1", new byte[0],
                    "format=tflite", LINEAR,
                    "format=marquee", LINEAR,
                    "nothing=1", LINEAR);
            for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
                ApiResponse response = client.postBytes("/v1/models/bad/versions?" + upload.getKey(), OCTETS, upload.getValue());
                assertThat(response.status()).as(upload.getKey() + ": " + response.text()).isEqualTo(400);
                assertThat(response.json().path("code").asText()).isEqualTo("INVALID_ARGUMENT");
            }
            ApiResponse truncated = client.postBytes(
                    "/v1/models/bad/versions?format=onnx", OCTETS, Arrays.copyOf(LINEAR, LINEAR.length - 7));
            assertThat(truncated.json().path("error").asText()).contains("ONNX Runtime cannot load the model");

            assertThat(client.get("/v1/models/bad").status()).isEqualTo(404);
            assertThat(client.get("/v1/models").successJson().path("models")).isEmpty();
            try (Stream<Path> files = Files.walk(dataDirectory.resolve("artifacts"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    void requestsWithTheWrongDatatypeOrShapeAreBadRequestsNamingTheTensor() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            client.postBytes("/v1/models/linear/versions?format=onnx", OCTETS, LINEAR).successJson();
            client.deploy("scorer", "linear", 1);
            ApiResponse wrongType = client.infer("scorer", Map.of("inputs", List.of(Map.of(
                    "name", "x", "datatype", "FP64", "shape", List.of(1, 3), "data", List.of(1, 2, 3)))));
            assertThat(wrongType.status()).isEqualTo(400);
            assertThat(wrongType.text()).contains("input 'x' must be FP32, was FP64");
            ApiResponse wrongShape = client.infer("scorer", Map.of("inputs", List.of(Map.of(
                    "name", "x", "datatype", "FP32", "shape", List.of(2, 2), "data", List.of(1, 2, 3, 4)))));
            assertThat(wrongShape.status()).isEqualTo(400);
            assertThat(wrongShape.text()).contains("input 'x' dimension 1 must be 3");
            ApiResponse missing = client.infer("scorer", Map.of("inputs", List.of(Map.of(
                    "name", "w", "datatype", "FP32", "shape", List.of(1, 3), "data", List.of(1, 2, 3)))));
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.text()).contains("unknown input 'w'");
        }
    }

    @Test
    void anotherTenantCannotSeeOrServeAnUploadedModel() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient studio = Fixtures.tenant(server, "studio");
                MarqueeClient rival = Fixtures.tenant(server, "rival")) {
            studio.postBytes("/v1/models/linear/versions?format=onnx", OCTETS, LINEAR).successJson();
            studio.deploy("scorer", "linear", 1);
            assertThat(rival.get("/v1/models/linear").status()).isEqualTo(404);
            assertThat(rival.get("/v1/models/linear/versions/1").status()).isEqualTo(404);
            assertThat(rival.get("/v1/models/linear/versions/1/download").status()).isEqualTo(404);
            assertThat(rival.get("/v2/models/scorer").status()).isEqualTo(404);
            assertThat(rival.post("/v1/endpoints", Map.of("name", "mine", "model", "linear", "version", 1)).status())
                    .isEqualTo(404);
            JsonNode own = rival.postBytes("/v1/models/linear/versions?format=onnx", OCTETS, OnnxTestModels.zipMap())
                    .successJson();
            assertThat(own.path("version").asInt()).isEqualTo(1);
            assertThat(studio.get("/v1/models/linear").successJson().path("versions")).hasSize(1);
            assertThat(studio.get("/v1/models/linear/versions/1").successJson().path("artifact_sha256").asText())
                    .isNotEqualTo(own.path("artifact_sha256").asText());
            assertThat(server.anonymous().postBytes("/v1/models/linear/versions?format=onnx", OCTETS, LINEAR).status())
                    .isEqualTo(401);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
