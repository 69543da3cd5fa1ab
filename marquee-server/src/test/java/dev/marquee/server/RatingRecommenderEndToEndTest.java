package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.ApiResponse;
import dev.marquee.client.MarqueeClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explicit ratings in, rating-prediction recommender out, over a real server: upload a ratings CSV, train biased_mf
 * with k-fold evaluation, find RMSE and MAE on the version, deploy and get top-K items by predicted rating over OIP;
 * BPR and biased_mf listed among the algorithms; bad rating-prediction requests named.
 */
class RatingRecommenderEndToEndTest {
    private static final int USERS = 80;
    private static final int ITEMS = 30;

    @TempDir
    Path dataDirectory;

    @Test
    void uploadRatingsTrainBiasedMfFindRmseDeployInferTopK() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Map<String, Set<String>> seen = new HashMap<>();
            JsonNode dataset = client.uploadInteractions("stars", "csv", ratings(seen));
            assertThat(dataset.path("interactions").path("ratings").asBoolean()).isTrue();

            JsonNode job = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", dataset.path("id").asText(),
                    "model_name", "stars",
                    "algorithm", "biased_mf",
                    "parameters", Map.of("factors", 4, "epochs", 30, "learning_rate", 0.02),
                    "folds", 3,
                    "rating_scale", Map.of("min", 1, "max", 5),
                    "k", 5)).successJson();
            assertThat(job.path("request").path("protocol").asText()).isEqualTo("k_fold");
            JsonNode finished = await(client, job);
            assertThat(finished.path("model_version").asInt()).isEqualTo(1);

            JsonNode metrics = client.get("/v1/models/stars/versions/1").successJson().path("manifest")
                    .path("metrics");
            assertThat(metrics.path("rating_folds").asInt()).as(metrics.toString()).isEqualTo(3);
            double rmse = metrics.path("rmse").asDouble();
            // Predicting the mean rating alone is off by about 1.6; the taste groups explain all but about 0.5.
            assertThat(rmse).isPositive().isLessThan(1.0);
            assertThat(metrics.path("mae").asDouble()).isPositive().isLessThan(rmse);
            assertThat(metrics.has("rmse_fold_1") && metrics.has("rmse_fold_3") && metrics.has("mae_fold_2"))
                    .as(metrics.toString()).isTrue();
            assertThat(metrics.has("ndcg@5")).isTrue();

            client.deploy("ratings", "stars", 1);
            JsonNode answer = client.infer("ratings", request("7", 5)).successJson();
            List<String> items = strings(output(answer, "item_ids"));
            assertThat(items).hasSize(5).doesNotHaveDuplicates().noneMatch(seen.get("7")::contains);
            // User 7 rates odd items high: the best predicted ratings are odd items.
            assertThat(items).filteredOn(item -> Integer.parseInt(item) % 2 == 1).hasSizeGreaterThanOrEqualTo(4);
            List<Double> scores = new ArrayList<>();
            output(answer, "scores").path("data").forEach(score -> scores.add(score.asDouble()));
            assertThat(scores).hasSize(5).isSortedAccordingTo((left, right) -> Double.compare(right, left));
            JsonNode stranger = client.infer("ratings", request("nobody", 3)).successJson();
            assertThat(strings(output(stranger, "item_ids"))).hasSize(3);
        }
    }

    @Test
    void listsBprAndBiasedMfWithTheirDefaults() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            Map<String, JsonNode> recommenders = new HashMap<>();
            client.get("/v1/algorithms").successJson().path("algorithms").forEach(algorithm -> {
                if (algorithm.path("kind").asText().equals("recommender")) {
                    recommenders.put(algorithm.path("name").asText(), algorithm);
                }
            });

            assertThat(recommenders.get("bpr").path("parameters").path("epochs").asText()).isEqualTo("100");
            JsonNode biased = recommenders.get("biased_mf").path("parameters");
            assertThat(biased.path("solver").asText()).isEqualTo("sgd");
            assertThat(biased.path("factors").asText()).isEqualTo("100");
            assertThat(biased.path("learning_rate").asText()).isEqualTo("0.005");
            assertThat(recommenders.get("implicit_als").path("parameters").path("regularization").asText())
                    .isEqualTo("50.0");
        }
    }

    @Test
    void badRatingPredictionRequestsAreNamed() {
        try (TestServer server = TestServer.start(dataDirectory);
                MarqueeClient client = Fixtures.tenant(server, "studio")) {
            String ratingsId = client.uploadInteractions("stars", "csv", ratings(new HashMap<>())).path("id").asText();
            String playsId = client.uploadInteractions("plays", "csv",
                    "user,item\n1,1\n1,2\n2,1\n2,3\n3,2\n".getBytes(StandardCharsets.UTF_8)).path("id").asText();

            ApiResponse noRatings = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", playsId, "model_name", "m", "algorithm", "biased_mf"));
            assertThat(noRatings.status()).isEqualTo(400);
            assertThat(noRatings.json().path("error").asText()).contains(playsId).contains("rating");
            ApiResponse foldsForRanking = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", ratingsId, "model_name", "m", "algorithm", "bpr", "folds", 5));
            assertThat(foldsForRanking.status()).isEqualTo(400);
            assertThat(foldsForRanking.json().path("error").asText()).contains("'folds'");
            ApiResponse kFoldForRanking = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", ratingsId, "model_name", "m", "algorithm", "bpr", "protocol", "k_fold"));
            assertThat(kFoldForRanking.json().path("error").asText()).contains("'protocol'");
            ApiResponse invertedScale = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", ratingsId, "model_name", "m", "algorithm", "biased_mf",
                    "rating_scale", Map.of("min", 5, "max", 1)));
            assertThat(invertedScale.status()).isEqualTo(400);
            assertThat(invertedScale.json().path("error").asText()).contains("'rating_scale'");
            ApiResponse badSolver = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", ratingsId, "model_name", "m", "algorithm", "biased_mf",
                    "parameters", Map.of("solver", "newton")));
            assertThat(badSolver.json().path("error").asText()).contains("'solver'");

            JsonNode narrow = client.post("/v1/training-jobs", Map.of(
                    "dataset_id", ratingsId, "model_name", "m", "algorithm", "biased_mf",
                    "rating_scale", Map.of("min", 1, "max", 3))).successJson();
            JsonNode failed = client.awaitJob(narrow.path("id").asText(), Duration.ofMinutes(3), state -> {});
            assertThat(failed.path("state").asText()).isEqualTo("failed");
            assertThat(failed.path("message").asText()).contains("'rating_scale'");
        }
    }

    private static JsonNode await(MarqueeClient client, JsonNode job) {
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(3), state -> {});
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("succeeded");
        return finished;
    }

    /**
     * A ratings CSV with planted structure: two taste groups that rate their group's items 4 or 5 and the others 1 or
     * 2; fills {@code seen} with each user's items.
     */
    private static byte[] ratings(Map<String, Set<String>> seen) {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder lines = new StringBuilder("user,item,rating\n");
        for (int user = 0; user < USERS; user++) {
            for (int item = 0; item < ITEMS; item++) {
                if (random.nextDouble() < 0.4) {
                    boolean liked = (user % 2) == (item % 2);
                    int rating = liked ? 4 + random.nextInt(2) : 1 + random.nextInt(2);
                    lines.append(user).append(',').append(item).append(',').append(rating).append('\n');
                    seen.computeIfAbsent(Integer.toString(user), key -> new HashSet<>()).add(Integer.toString(item));
                }
            }
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> request(String user, int k) {
        return Map.of(
                "inputs", List.of(Map.of("name", "user_id", "datatype", "BYTES", "shape", List.of(1),
                        "data", List.of(user))),
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
