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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendation API over a real server: generated interactions in four taste groups (users {@code 0..119},
 * items {@code 0..39}, group {@code g} = items {@code 10g..10g+9}) with a generated catalogue, implicit ALS trained
 * and deployed once for the class; each test uses its own users or endpoints where it changes state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendServingTest {
    private static final int USERS = 120;
    private static final int ITEMS = 40;

    @TempDir
    static Path dataDirectory;

    private TestServer server;
    private MarqueeClient client;
    private final Map<String, Set<String>> seen = new HashMap<>();
    private String datasetId;

    @BeforeAll
    void trainAndDeploy() {
        server = TestServer.start(dataDirectory);
        client = Fixtures.tenant(server, "studio");
        datasetId = client.uploadInteractions("plays", "u.data", uData(seen)).path("id").asText();
        String catalogueId = client.postBytes("/v1/datasets?name=films&kind=catalogue", "text/csv", catalogue())
                .successJson().path("id").asText();
        await(client.post("/v1/training-jobs", Map.of("dataset_id", datasetId, "model_name", "picks",
                "algorithm", "implicit_als", "parameters", Map.of("factors", 8, "iterations", 6), "k", 5,
                "seed", 7, "catalogue_dataset_id", catalogueId)).successJson());
        await(client.post("/v1/training-jobs", Map.of("dataset_id", datasetId, "model_name", "popular",
                "algorithm", "most_popular", "catalogue_dataset_id", catalogueId)).successJson());
        client.deploy("recs", "picks", 1);
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void knownUserGetsModelItemsWithoutSeenOnesAndWithTitles() {
        JsonNode answer = client.recommend("recs", Map.of("user_id", "7", "k", 5)).successJson();
        assertThat(answer.path("strategy").asText()).isEqualTo("model");
        assertThat(answer.path("endpoint").asText()).isEqualTo("recs");
        assertThat(answer.path("model_name").asText()).isEqualTo("picks");
        assertThat(answer.path("model_version").asText()).isEqualTo("1");
        List<String> items = ids(answer);
        assertThat(items).hasSize(5).doesNotHaveDuplicates().noneMatch(seen.get("7")::contains);
        assertThat(answer.path("items").get(0).path("title").asText()).isEqualTo("Film " + items.getFirst());
        List<Double> scores = new ArrayList<>();
        answer.path("items").forEach(item -> scores.add(item.path("score").asDouble()));
        assertThat(scores).isSortedAccordingTo((left, right) -> Double.compare(right, left));
        JsonNode withSeen = client.recommend("recs", Map.of("user_id", "7", "k", ITEMS, "exclude_seen", false))
                .successJson();
        assertThat(ids(withSeen)).containsAll(seen.get("7"));
    }

    @Test
    void endpointShowsItServesARecommender() {
        JsonNode endpoint = client.get("/v1/endpoints/recs").successJson();
        assertThat(endpoint.path("name").asText()).isEqualTo("recs");
        assertThat(endpoint.path("model_name").asText()).isEqualTo("picks");
        assertThat(endpoint.path("recommender").path("algorithm").asText()).isEqualTo("implicit_als");
        assertThat(endpoint.path("recommender").path("items").asInt()).isEqualTo(ITEMS);
        assertThat(endpoint.path("recommender").path("catalogue_items").asInt()).isEqualTo(ITEMS);
        JsonNode metadata = client.get("/v2/models/recs").successJson();
        assertThat(metadata.path("platform").asText()).isEqualTo("marquee_recommender_implicit_als");
    }

    @Test
    void newUserHistoryInTheRequestIsFoldedIn() {
        JsonNode answer = client.recommend("recs", Map.of("history", List.of("30", "31", "32", "33", "nope"),
                "k", 5)).successJson();
        assertThat(answer.path("strategy").asText()).isEqualTo("fold_in");
        assertThat(ids(answer)).hasSize(5).noneMatch(List.of("30", "31", "32", "33")::contains);
        assertThat(ids(answer).stream().filter(item -> Integer.parseInt(item) >= 30).count()).isGreaterThanOrEqualTo(3);
        assertThat(answer.path("ignored_history").toString()).isEqualTo("[\"nope\"]");
    }

    @Test
    void unknownUserWithNothingGetsPopularity() {
        JsonNode answer = client.recommend("recs", Map.of("user_id", "stranger", "k", 3, "explain", 1))
                .successJson();
        assertThat(answer.path("strategy").asText()).isEqualTo("popularity_fallback");
        assertThat(ids(answer)).hasSize(3);
        assertThat(answer.path("items").get(0).path("because").path("basis").asText()).isEqualTo("popularity");
    }

    @Test
    void filtersRulesDiversityAndExplanationsReachTheEngine() {
        JsonNode genre = client.recommend("recs", Map.of("user_id", "7", "k", 5,
                "filters", Map.of("genres", List.of("g1"), "max_maturity", "G"))).successJson();
        assertThat(ids(genre)).isNotEmpty().allMatch(item -> item.startsWith("1") && item.length() == 2
                && Integer.parseInt(item) % 2 == 0);
        JsonNode available = client.recommend("recs", Map.of("user_id", "8", "k", 5,
                "filters", Map.of("region", "us", "date", "2026-11-29"))).successJson();
        assertThat(ids(available)).isNotEmpty().allMatch(item -> Integer.parseInt(item) % 4 == 0);
        JsonNode before = client.recommend("recs", Map.of("user_id", "9", "k", 5,
                "filters", Map.of("region", "US", "date", "2025-06-01"))).successJson();
        assertThat(ids(before)).isEmpty();
        JsonNode nothing = client.recommend("recs", Map.of("user_id", "7", "k", 5,
                "filters", Map.of("genres", List.of("g1"), "exclude_genres", List.of("g1")))).successJson();
        assertThat(nothing.path("items").isArray()).isTrue();
        assertThat(ids(nothing)).isEmpty();

        JsonNode plain = client.recommend("recs", Map.of("user_id", "7", "k", 5)).successJson();
        String top = ids(plain).getFirst();
        String unseen = firstUnseen("7", ids(plain));
        JsonNode ruled = client.recommend("recs", Map.of("user_id", "7", "k", 5, "explain", 2, "rules", Map.of(
                "pin", List.of(Map.of("item", unseen, "position", 1)),
                "bury", List.of(Map.of("items", List.of(top)))))).successJson();
        assertThat(ids(ruled).getFirst()).isEqualTo(unseen);
        assertThat(ruled.path("items").get(0).path("pinned").asBoolean()).isTrue();
        assertThat(ids(ruled).subList(1, ids(ruled).size())).doesNotContain(top);
        JsonNode because = ruled.path("items").get(1).path("because");
        assertThat(because.path("basis").asText()).isEqualTo("history_items");
        assertThat(because.path("items").size()).isBetween(1, 2);
        assertThat(seen.get("7")).contains(because.path("items").get(0).path("item_id").asText());
        assertThat(because.path("items").get(0).path("title").asText()).startsWith("Film ");

        JsonNode boosted = client.recommend("recs", Map.of("user_id", "7", "k", 5, "rules", Map.of(
                "boost", List.of(Map.of("items", List.of(unseen), "factor", 1000.0, "mode", "add")))))
                .successJson();
        assertThat(ids(boosted).getFirst()).isEqualTo(unseen);
        JsonNode diverse = client.recommend("recs", Map.of("user_id", "7", "k", 5, "diversity", 0.0)).successJson();
        assertThat(ids(diverse)).hasSize(5).isNotEqualTo(ids(plain));
    }

    @Test
    void postedInteractionsChangeTheNextAnswer() {
        JsonNode before = client.recommend("recs", Map.of("user_id", "newbie", "k", 5)).successJson();
        assertThat(before.path("strategy").asText()).isEqualTo("popularity_fallback");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int item = 20; item < 25; item++) {
            events.add(Map.of("user_id", "newbie", "item_id", Integer.toString(item), "rating", 4, "timestamp",
                    990_000_000L + item));
        }
        JsonNode posted = client.postInteractions("recs", events).successJson();
        assertThat(posted.path("accepted").asInt()).isEqualTo(5);
        JsonNode after = client.recommend("recs", Map.of("user_id", "newbie", "k", 5)).successJson();
        assertThat(after.path("strategy").asText()).isEqualTo("fold_in");
        assertThat(ids(after)).noneMatch(List.of("20", "21", "22", "23", "24")::contains);
        assertThat(ids(after).stream().filter(item -> item.startsWith("2") && item.length() == 2).count())
                .isGreaterThanOrEqualTo(3);

        JsonNode known = client.recommend("recs", Map.of("user_id", "11", "k", 3)).successJson();
        String watched = ids(known).getFirst();
        client.postInteractions("recs", List.of(Map.of("user_id", "11", "item_id", watched, "rating", 5)))
                .successJson();
        JsonNode again = client.recommend("recs", Map.of("user_id", "11", "k", 3)).successJson();
        assertThat(again.path("strategy").asText()).isEqualTo("fold_in");
        assertThat(ids(again)).doesNotContain(watched);
    }

    @Test
    void similarItemsAndUnknownItem() {
        JsonNode similar = client.similar("recs", "3", 4).successJson();
        assertThat(similar.path("item_id").asText()).isEqualTo("3");
        assertThat(similar.path("basis").asText()).isEqualTo("item_factor_cosine");
        assertThat(ids(similar)).hasSizeBetween(1, 4).doesNotContain("3");
        assertThat(similar.path("items").get(0).path("title").asText()).startsWith("Film ");
        ApiResponse unknown = client.similar("recs", "no-such-film", 4);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).contains("no-such-film");
    }

    @Test
    void stickyRoutingByUserIdAcrossTwoRecommenders() {
        client.post("/v1/endpoints", Map.of("name", "ab", "routes", List.of(
                Map.of("name", "als", "model", "picks", "version", 1, "weight", 50),
                Map.of("name", "pop", "model", "popular", "version", 1, "weight", 50)))).successJson();
        Set<String> routes = new HashSet<>();
        for (int user = 0; user < 40; user++) {
            String route = client.recommend("ab", Map.of("user_id", Integer.toString(user), "k", 3)).successJson()
                    .path("route").asText();
            for (int repeat = 0; repeat < 3; repeat++) {
                ApiResponse again = client.recommend("ab", Map.of("user_id", Integer.toString(user), "k", 3));
                assertThat(again.successJson().path("route").asText()).isEqualTo(route);
                assertThat(again.headers().firstValue(InferenceRoutes.ROUTE_HEADER)).contains(route);
            }
            routes.add(route);
        }
        assertThat(routes).containsExactlyInAnyOrder("als", "pop");
    }

    @Test
    void retrainAppendsPostedInteractionsAndDeploysTheNewVersion() {
        await(client.post("/v1/training-jobs", Map.of("dataset_id", datasetId, "model_name", "fresh",
                "algorithm", "item_knn")).successJson());
        client.deploy("freshrecs", "fresh", 1);
        client.postInteractions("freshrecs", List.of(
                Map.of("user_id", "latecomer", "item_id", "5", "rating", 5),
                Map.of("user_id", "latecomer", "item_id", "6", "rating", 4, "timestamp", 999_999_001L)))
                .successJson();
        JsonNode started = client.retrainEndpoint("freshrecs", true).successJson();
        assertThat(started.path("appended_events").asInt()).isEqualTo(2);
        JsonNode job = await(started.path("job"));
        assertThat(job.path("model_version").asInt()).isEqualTo(2);
        JsonNode dataset = client.get("/v1/datasets/" + started.path("dataset_id").asText()).successJson();
        assertThat(dataset.path("interactions").path("users").asLong()).isGreaterThan(USERS);
        JsonNode version = client.get("/v1/models/fresh/versions/2").successJson();
        assertThat(version.path("manifest").path("provenance").path("dataset_id").asText())
                .isEqualTo(started.path("dataset_id").asText());

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.get("/v1/endpoints/freshrecs").successJson().path("version").asInt() != 2
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        JsonNode answer = client.recommend("freshrecs", Map.of("user_id", "latecomer", "k", 3)).successJson();
        assertThat(answer.path("model_version").asText()).isEqualTo("2");
        assertThat(answer.path("strategy").asText()).isEqualTo("model");
        JsonNode second = client.retrainEndpoint("freshrecs", false).successJson();
        assertThat(second.path("appended_events").asInt()).isZero();
        await(second.path("job"));
    }

    @Test
    void recommendCallsAreCapturedByTheRequestLogWithTheUserPseudonymised() throws InterruptedException {
        client.deploy("logged-recs", "picks", 1);
        client.put("/v1/endpoints/logged-recs/logging", Map.of("sample_rate", 1)).successJson();
        dev.marquee.runtime.RequestLog log = server.server().requestLogging().log();
        long before = log.offeredCalls();
        JsonNode answer = client.recommend("logged-recs", Map.of("id", "rec-1", "user_id", "7", "k", 3))
                .successJson();
        assertThat(client.recommend("logged-recs", Map.of("user_id", "7", "k", 0)).status()).isEqualTo(400);
        while (log.offeredCalls() < before + 2) {
            Thread.onSpinWait();
            Thread.yield();
        }
        log.flush();
        List<JsonNode> entries = new ArrayList<>();
        client.get("/v1/endpoints/logged-recs/request-logs?limit=10").successJson().path("entries")
                .forEach(entries::add);
        assertThat(entries).hasSize(2);
        JsonNode failed = entries.get(0);
        JsonNode served = entries.get(1);
        assertThat(failed.path("status").asInt()).isEqualTo(400);
        assertThat(served.path("request_id").asText()).isEqualTo("rec-1");
        assertThat(served.path("status").asInt()).isEqualTo(200);
        assertThat(served.path("model").asText()).isEqualTo("picks");
        assertThat(served.toString()).doesNotContain("\"7\"");
        JsonNode items = served.path("response").path("outputs").get(0);
        assertThat(items.path("name").asText()).isEqualTo("item_ids");
        List<String> logged = new ArrayList<>();
        items.path("data").forEach(item -> logged.add(item.asText()));
        assertThat(logged).isEqualTo(ids(answer));
    }

    @Test
    void scheduledRetrainsFoldPostedInteractionsIntoANewDeployedVersion() {
        try (TestServer scheduled = TestServer.start(dataDirectory.resolve("scheduled"),
                Map.of("recommender-retrain-interval", "100ms"));
                MarqueeClient tenant = Fixtures.tenant(scheduled, "studio")) {
            String plays = tenant.uploadInteractions("plays", "u.data", uData(new HashMap<>())).path("id").asText();
            JsonNode job = tenant.post("/v1/training-jobs", Map.of("dataset_id", plays, "model_name", "knn",
                    "algorithm", "item_knn")).successJson();
            assertThat(tenant.awaitJob(job.path("id").asText(), Duration.ofMinutes(3), state -> {})
                    .path("state").asText()).isEqualTo("succeeded");
            tenant.deploy("scheduled", "knn", 1);
            tenant.postInteractions("scheduled", List.of(Map.of("user_id", "latecomer", "item_id", "5",
                    "rating", 5))).successJson();

            // The endpoint record names version 2 a moment before this server's live deployment swaps to it, so
            // wait for what the assertions read: the answer's own version.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            JsonNode answer = tenant.recommend("scheduled", Map.of("user_id", "latecomer", "k", 3)).successJson();
            while (!answer.path("model_version").asText().equals("2") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                answer = tenant.recommend("scheduled", Map.of("user_id", "latecomer", "k", 3)).successJson();
            }
            assertThat(tenant.get("/v1/endpoints/scheduled").successJson().path("version").asInt()).isEqualTo(2);
            assertThat(answer.path("model_version").asText()).isEqualTo("2");
            assertThat(answer.path("strategy").asText()).isEqualTo("model");
            assertThat(tenant.get("/v1/models/knn/versions/3").status()).isEqualTo(404);
        }
    }

    @Test
    void badInputsAreRefusedNamingTheField() {
        bad(Map.of("user_id", "7", "k", 0), "'k'");
        bad(Map.of("user_id", "7", "k", 1001), "'k'");
        bad(Map.of("user_id", "7", "k", "ten"), "'k'");
        bad(Map.of("user_id", " "), "'user_id'");
        bad(Map.of("user_id", "7", "filters", Map.of("genres", List.of("western"))), "filters.genres");
        bad(Map.of("user_id", "7", "filters", Map.of("exclude_genres", List.of("western"))), "filters.exclude_genres");
        bad(Map.of("user_id", "7", "filters", Map.of("max_maturity", "X")), "filters.max_maturity");
        bad(Map.of("user_id", "7", "filters", Map.of("region", "US", "date", "2026-13-45")), "filters.date");
        bad(Map.of("user_id", "7", "filters", Map.of("date", "2026-01-01")), "filters.date");
        bad(Map.of("user_id", "7", "filters", Map.of("genre", List.of("g1"))), "filters.genre");
        bad(Map.of("user_id", "7", "rules", Map.of("pin", List.of(Map.of("item", "1", "position", 0)))),
                "rules.pin[0].position");
        bad(Map.of("user_id", "7", "k", 3, "rules", Map.of("pin", List.of(Map.of("item", "1", "position", 4)))),
                "rules.pin[0].position");
        bad(Map.of("user_id", "7", "rules", Map.of("pin", List.of(Map.of("item", "zzz", "position", 1)))),
                "rules.pin[0].item");
        bad(Map.of("user_id", "7", "rules", Map.of("boost", List.of(Map.of("items", List.of("1"), "factor", -2)))),
                "rules.boost[0].factor");
        bad(Map.of("user_id", "7", "rules", Map.of("boost", List.of(Map.of("items", List.of("1"), "factor", 2,
                "mode", "pow")))), "rules.boost[0].mode");
        bad(Map.of("user_id", "7", "rules", Map.of("bury", List.of(Map.of("genres", List.of("western"))))),
                "rules.bury");
        bad(Map.of("user_id", "7", "diversity", 1.5), "'diversity'");
        bad(Map.of("user_id", "7", "explain", 99), "'explain'");
        bad(Map.of("user_id", "7", "exclude_seen", "yes"), "'exclude_seen'");
        bad(Map.of("user_id", "7", "colour", "red"), "colour");

        ApiResponse noEvents = client.postInteractions("recs", List.of());
        assertThat(noEvents.status()).isEqualTo(400);
        assertThat(noEvents.json().path("error").asText()).contains("'events'");
        ApiResponse unknownItem = client.postInteractions("recs", List.of(
                Map.of("user_id", "u", "item_id", "1", "rating", 3), Map.of("user_id", "u", "item_id", "ghost",
                        "rating", 3)));
        assertThat(unknownItem.status()).isEqualTo(400);
        assertThat(unknownItem.json().path("error").asText()).contains("events[1].item_id").contains("ghost");
        ApiResponse noRating = client.postInteractions("recs", List.of(Map.of("user_id", "u", "item_id", "1")));
        assertThat(noRating.json().path("error").asText()).contains("events[0].rating");
        ApiResponse badSimilar = client.post("/v1/endpoints/recs/similar", Map.of("item_id", "1", "k", -1));
        assertThat(badSimilar.status()).isEqualTo(400);
        assertThat(badSimilar.json().path("error").asText()).contains("'k'");
        ApiResponse badDeploy = client.post("/v1/endpoints/recs/retrain", Map.of("deploy", "yes"));
        assertThat(badDeploy.status()).isEqualTo(400);
        assertThat(badDeploy.json().path("error").asText()).contains("'deploy'");
        ApiResponse notJson = client.postBytes("/v1/endpoints/recs/recommend", "application/json",
                "{\"user_id\":".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void endpointOfAnotherKindOfModelIsRefused() {
        Fixtures.trainChurnModel(client, "churn", 200, 1);
        client.deploy("churner", "churn", 1);
        for (ApiResponse response : List.of(client.recommend("churner", Map.of("user_id", "7")),
                client.similar("churner", "1", 3),
                client.postInteractions("churner", List.of(Map.of("user_id", "u", "item_id", "1"))))) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("error").asText()).contains("not a recommender");
        }
    }

    @Test
    void otherTenantsSeeNoneOfTheRoutes() {
        try (MarqueeClient other = Fixtures.tenant(server, "rival")) {
            assertThat(other.recommend("recs", Map.of("user_id", "7")).status()).isEqualTo(404);
            assertThat(other.similar("recs", "1", 3).status()).isEqualTo(404);
            assertThat(other.postInteractions("recs", List.of(Map.of("user_id", "7", "item_id", "1", "rating", 1)))
                    .status()).isEqualTo(404);
            assertThat(other.retrainEndpoint("recs", false).status()).isEqualTo(404);
        }
    }

    @Test
    void randomBodiesAreAnsweredOrRefusedNeverFailed() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> fields = List.of("user_id", "history", "k", "exclude_seen", "filters", "rules", "diversity",
                "explain", "id", "genres", "exclude_genres", "region", "date", "max_maturity", "boost", "bury", "pin",
                "items", "factor", "mode", "item", "position", "item_id");
        for (int round = 0; round < 300; round++) {
            Object body = randomValue(random, fields, 0);
            ApiResponse recommend = client.post("/v1/endpoints/recs/recommend", body);
            assertThat(recommend.status()).as("%s -> %s", body, recommend.text()).isIn(200, 400);
            ApiResponse similar = client.post("/v1/endpoints/recs/similar", body);
            assertThat(similar.status()).as("%s -> %s", body, similar.text()).isIn(200, 400, 404);
        }
    }

    /** A random JSON value, objects keyed by the API's field names so that parsing goes deep. */
    private static Object randomValue(SplittableRandom random, List<String> fields, int depth) {
        int kind = random.nextInt(depth == 0 ? 1 : 9);
        return switch (kind) {
            case 0 -> {
                Map<String, Object> object = new HashMap<>();
                int size = random.nextInt(4);
                for (int entry = 0; entry < size; entry++) {
                    object.put(fields.get(random.nextInt(fields.size())), depth > 3 ? "x"
                            : randomValue(random, fields, depth + 1));
                }
                yield object;
            }
            case 1 -> {
                List<Object> array = new ArrayList<>();
                int size = random.nextInt(3);
                for (int element = 0; element < size; element++) {
                    array.add(depth > 3 ? "1" : randomValue(random, fields, depth + 1));
                }
                yield array;
            }
            case 2 -> Integer.toString(random.nextInt(ITEMS + 2));
            case 3 -> random.nextInt(-2, 1_200);
            case 4 -> random.nextDouble(-1, 2);
            case 5 -> random.nextBoolean();
            case 6 -> List.of("G", "PG-13", "XX", "2026-02-30", "g1", "US", "*", " ", "").get(random.nextInt(9));
            case 7 -> Long.MAX_VALUE;
            default -> List.of("multiply", "add", "7", "nobody").get(random.nextInt(4));
        };
    }

    private void bad(Map<String, ?> body, String field) {
        ApiResponse response = client.recommend("recs", body);
        assertThat(response.status()).as(body.toString()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).as(body.toString()).contains(field);
    }

    private String firstUnseen(String user, List<String> besides) {
        for (int item = 0; item < ITEMS; item++) {
            String id = Integer.toString(item);
            if (!seen.get(user).contains(id) && !besides.contains(id)) {
                return id;
            }
        }
        throw new AssertionError("user " + user + " has seen everything");
    }

    private JsonNode await(JsonNode job) {
        JsonNode finished = client.awaitJob(job.path("id").asText(), Duration.ofMinutes(3), state -> {});
        assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("succeeded");
        return finished;
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("items").forEach(item -> ids.add(item.path("item_id").asText()));
        return ids;
    }

    /** Item {@code i}: genre {@code g(i/10)}, rated G when even and R when odd, available in the US when i % 4 == 0. */
    private static byte[] catalogue() {
        StringBuilder text = new StringBuilder("id,title,genres,maturity,availability\n");
        for (int item = 0; item < ITEMS; item++) {
            text.append(item).append(",Film ").append(item).append(",g").append(item / 10).append(',')
                    .append(item % 2 == 0 ? "G" : "R").append(',')
                    .append(item % 4 == 0 ? "US:2026-01-01.." : "GB:2026-01-01..").append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
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
                seen.computeIfAbsent(Integer.toString(user), key -> new HashSet<>()).add(Integer.toString(item));
            }
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
