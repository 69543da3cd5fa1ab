package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import dev.marquee.runtime.Datatype;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactions in, recommender out, over a real server: upload MovieLens-format interactions, train implicit ALS,
 * find test metrics on the version, deploy, call OIP infer, append interactions and retrain into version 2.
 */
class RecommenderEndToEndTest {
    private static final int USERS = 120;
    private static final int ITEMS = 40;

    @TempDir
    Path dataDirectory;

    @Test
    void uploadTrainDeployInferAppendRetrain() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Map<String, Set<String>> seen = new java.util.HashMap<>();
            JsonNode dataset = client.uploadInteractions("plays", "u.data", uData(seen));
            assertThat(dataset.path("kind").asText()).isEqualTo("interactions");
            assertThat(dataset.path("interactions").path("users").asInt()).isEqualTo(USERS);
            assertThat(dataset.path("interactions").path("timestamps").asBoolean()).isTrue();

            JsonNode job = client.trainRecommender(dataset.path("id").asText(), "picks", "implicit_als",
                    Map.of("factors", 8, "iterations", 6), 5, 7);
            JsonNode finished = await(client, job);
            assertThat(finished.path("model_version").asInt()).isEqualTo(1);

            JsonNode version = client.get("/v1/models/picks/versions/1").successJson();
            assertThat(version.path("format").asText()).isEqualTo("recommender");
            JsonNode metrics = version.path("manifest").path("metrics");
            assertThat(metrics.path("ndcg@5").asDouble()).isPositive();
            assertThat(metrics.has("recall@5") && metrics.has("item_coverage@5") && metrics.has("novelty@5"))
                    .as(metrics.toString()).isTrue();
            assertThat(metrics.has("validation_ndcg@5")).isTrue();
            ApiResponse download = client.get("/v1/models/picks/versions/1/download");
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.headers().firstValue("X-Marquee-Sha256")).contains(
                    version.path("artifact_sha256").asText());

            client.deploy("recs", "picks", 1);
            JsonNode answer = client.infer("recs", request("u7", 5)).successJson();
            List<String> items = strings(output(answer, "item_ids"));
            assertThat(output(answer, "item_ids").path("shape").toString()).isEqualTo("[1,5]");
            assertThat(items).hasSize(5).doesNotHaveDuplicates().noneMatch(seen.get("u7")::contains);
            List<Double> scores = new ArrayList<>();
            output(answer, "scores").path("data").forEach(score -> scores.add(score.asDouble()));
            assertThat(scores).isSortedAccordingTo((left, right) -> Double.compare(right, left));

            String key = client.post("/v1/api-keys", Map.of("name", "grpc", "scopes", List.of("infer")))
                    .successJson().path("token").asText();
            OipTransport grpc = new GrpcOipTransport(server.server().grpcPort().orElseThrow(), false);
            try {
                OipTransport.Result overGrpc = grpc.infer(Optional.of(key), "recs", Optional.empty(),
                        new OipTransport.Request(Optional.empty(), List.of(new OipTransport.Tensor("user_id",
                                Datatype.BYTES, List.of(1L), List.of("7"))), List.of(), Map.of("k", 5)));
                assertThat(overGrpc.output("item_ids").data()).containsExactlyElementsOf(items);
            } finally {
                grpc.close();
            }

            JsonNode stranger = client.infer("recs", request("nobody", 3)).successJson();
            assertThat(strings(output(stranger, "item_ids"))).hasSize(3).doesNotContain("");
            ApiResponse badK = client.infer("recs", request("u7", 0));
            assertThat(badK.status()).isEqualTo(400);
            assertThat(badK.json().path("error").asText()).contains("'k'");

            byte[] more = "7\t1\t5\t999999\n999\t2\t4\t999999\n999\t3\t4\t999998\n".getBytes(StandardCharsets.UTF_8);
            JsonNode appended = client.appendInteractions(dataset.path("id").asText(), "u.data", more);
            assertThat(appended.path("version").asInt()).isEqualTo(2);
            assertThat(appended.path("interactions").path("users").asInt()).isEqualTo(USERS + 1);
            ApiResponse stale = client.postBytes("/v1/datasets/" + dataset.path("id").asText() + "/append?format=u.data",
                    "text/plain", more);
            assertThat(stale.status()).as(stale.text()).isEqualTo(409);

            JsonNode retrained = await(client, client.retrain("picks"));
            assertThat(retrained.path("model_version").asInt()).isEqualTo(2);
            JsonNode second = client.get("/v1/models/picks/versions/2").successJson();
            assertThat(second.path("manifest").path("provenance").path("dataset_id").asText())
                    .isEqualTo(appended.path("id").asText());
            assertThat(second.path("manifest").path("parameters").path("factors").asText()).isEqualTo("8");
        }
    }

    @Test
    void catalogueBytesTravelInsideTheDownloadedArtifact() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String datasetId = client.uploadInteractions("plays", "u.data", uData(new java.util.HashMap<>()))
                    .path("id").asText();
            ApiResponse unreadable = client.postBytes("/v1/datasets?name=films&kind=catalogue", "text/csv",
                    "item,title,genres\n1,Alien,sci-fi\n".getBytes(StandardCharsets.UTF_8));
            assertThat(unreadable.status()).isEqualTo(400);
            assertThat(unreadable.json().path("error").asText()).contains("id");
            byte[] catalogue = "id,title,genres\n1,Alien,sci-fi\n2,Heat,crime\n".getBytes(StandardCharsets.UTF_8);
            JsonNode films = client.postBytes("/v1/datasets?name=films&kind=catalogue", "text/csv", catalogue)
                    .successJson();
            assertThat(films.path("kind").asText()).isEqualTo("catalogue");
            ApiResponse wrongKind = client.post("/v1/training-jobs", Map.of("dataset_id", datasetId,
                    "model_name", "picks", "algorithm", "most_popular", "catalogue_dataset_id", datasetId));
            assertThat(wrongKind.status()).isEqualTo(400);
            assertThat(wrongKind.json().path("error").asText()).contains("catalogue_dataset_id");

            await(client, client.post("/v1/training-jobs", Map.of("dataset_id", datasetId, "model_name", "picks",
                    "algorithm", "most_popular", "catalogue_dataset_id", films.path("id").asText())).successJson());

            ApiResponse download = client.get("/v1/models/picks/versions/1/download");
            assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains("picks-v1.mqrec");
            assertThat(dev.marquee.recommend.RecommenderArtifacts.read(download.body()).catalogue())
                    .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(catalogue));
        }
    }

    @Test
    void listsRecommendersAmongAlgorithms() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            JsonNode algorithms = client.get("/v1/algorithms").successJson().path("algorithms");
            List<String> recommenders = new ArrayList<>();
            algorithms.forEach(algorithm -> {
                if (algorithm.path("kind").asText().equals("recommender")) {
                    recommenders.add(algorithm.path("name").asText());
                }
            });
            assertThat(recommenders).containsExactlyInAnyOrder("most_popular", "item_knn", "ease", "implicit_als", "bpr",
                    "biased_mf");
        }
    }

    @Test
    void badInputsAreNamed() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            ApiResponse badFormat = client.postBytes("/v1/datasets?name=x&format=parquet", "text/plain",
                    "a".getBytes(StandardCharsets.UTF_8));
            assertThat(badFormat.status()).isEqualTo(400);
            assertThat(badFormat.json().path("error").asText()).contains("'format'");
            ApiResponse badColumns = client.postBytes("/v1/datasets?name=x&format=csv", "text/plain",
                    "usr,item\nu1,i1\n".getBytes(StandardCharsets.UTF_8));
            assertThat(badColumns.status()).isEqualTo(400);
            assertThat(badColumns.json().path("error").asText()).contains("line 1").contains("usr");
            ApiResponse badLine = client.postBytes("/v1/datasets?name=x&format=u.data", "text/plain",
                    "1\t2\t3\t4\n1\t2\n".getBytes(StandardCharsets.UTF_8));
            assertThat(badLine.json().path("error").asText()).contains("line 2");

            String datasetId = client.uploadInteractions("plays", "u.data", uData(new java.util.HashMap<>()))
                    .path("id").asText();
            ApiResponse unknown = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", "ds_missing", "model_name", "m", "algorithm", "ease"));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("error").asText()).contains("ds_missing");
            ApiResponse zeroK = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "m", "algorithm", "ease", "k", 0));
            assertThat(zeroK.status()).isEqualTo(400);
            assertThat(zeroK.json().path("error").asText()).contains("'k'");
            ApiResponse badParameter = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "m", "algorithm", "implicit_als",
                    "parameters", Map.of("factors", -1)));
            assertThat(badParameter.json().path("error").asText()).contains("factors");
            ApiResponse badProtocol = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "m", "algorithm", "ease", "protocol", "random"));
            assertThat(badProtocol.json().path("error").asText()).contains("'protocol'");
            ApiResponse target = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "m", "algorithm", "ease", "target", "rating"));
            assertThat(target.json().path("error").asText()).contains("'target'");

            String tableId = client.uploadDataset("viewers", "a,b\n1,2\n3,4\n").path("id").asText();
            ApiResponse tableForRecommender = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", tableId, "model_name", "m", "algorithm", "ease"));
            assertThat(tableForRecommender.status()).isEqualTo(400);
            assertThat(tableForRecommender.json().path("error").asText()).contains("table");
            ApiResponse interactionsForTabular = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "m", "algorithm", "logistic_regression",
                    "target", "rating"));
            assertThat(interactionsForTabular.status()).isEqualTo(400);
            assertThat(interactionsForTabular.json().path("error").asText()).contains("holds interactions");
            ApiResponse appendToTable = client.postBytes("/v1/datasets/" + tableId + "/append", "text/plain",
                    "user,item\nu1,i1\n".getBytes(StandardCharsets.UTF_8));
            assertThat(appendToTable.status()).isEqualTo(400);
            ApiResponse retrainUnknown = client.post("/v1/models/nothing/retrain", Map.of());
            assertThat(retrainUnknown.status()).isEqualTo(404);
        }
    }

    @Test
    void otherTenantsCannotAppendTrainOrRetrain() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient owner = Fixtures.tenant(server, "studio");
                MarqueeClient other = Fixtures.tenant(server, "rival")) {
            String datasetId = owner.uploadInteractions("plays", "u.data", uData(new java.util.HashMap<>()))
                    .path("id").asText();
            await(owner, owner.trainRecommender(datasetId, "picks", "most_popular", Map.of(), 5, 1));

            assertThat(other.postBytes("/v1/datasets/" + datasetId + "/append?format=u.data", "text/plain",
                    "1\t1\t1\t1\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
            assertThat(other.post("/v1/training-jobs", Map.of(
                    "dataset_id", datasetId, "model_name", "m", "algorithm", "ease")).status()).isEqualTo(404);
            assertThat(other.post("/v1/models/picks/retrain", Map.of()).status()).isEqualTo(404);
            assertThat(owner.get("/v1/datasets/" + datasetId).successJson().path("version").asInt()).isEqualTo(1);
        }
    }

    private static JsonNode await(MarqueeClient client, JsonNode job) {
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(3), state -> {});
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("succeeded");
        return finished;
    }

    /** Users in four taste groups, MovieLens {@code u.data} lines; fills {@code seen} with each user's items. */
    private static byte[] uData(Map<String, Set<String>> seen) {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder lines = new StringBuilder();
        long time = 880_000_000;
        for (int user = 0; user < USERS; user++) {
            int group = user % 4;
            for (int event = 0; event < 12; event++) {
                int item = random.nextDouble() < 0.8 ? group * 10 + random.nextInt(10) : random.nextInt(ITEMS);
                lines.append(user).append('\t').append(item).append('\t').append(1 + random.nextInt(5)).append('\t')
                        .append(time++).append('\n');
                seen.computeIfAbsent("u" + user, key -> new HashSet<>()).add(Integer.toString(item));
            }
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> request(String user, int k) {
        return Map.of(
                "inputs", List.of(Map.of("name", "user_id", "datatype", "BYTES", "shape", List.of(1),
                        "data", List.of(user.startsWith("u") ? user.substring(1) : user))),
                "parameters", Map.of("k", k));
    }

    private static JsonNode output(JsonNode answer, String name) {
        for (JsonNode output : answer.path("outputs")) {
            if (output.path("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + answer);
    }

    private static List<String> strings(JsonNode output) {
        List<String> values = new ArrayList<>();
        output.path("data").forEach(value -> values.add(value.asText()));
        return values;
    }
}
