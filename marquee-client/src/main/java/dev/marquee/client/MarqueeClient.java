package dev.marquee.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A client of one Marquee server, authenticated with one API key. Methods return the raw {@link ApiResponse};
 * call {@link ApiResponse#successJson()} to turn an error status into a {@link MarqueeApiException}. Thread-safe.
 */
public final class MarqueeClient implements AutoCloseable {
    private final URI baseUrl;
    private final Optional<String> apiKey;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Duration timeout;

    public MarqueeClient(URI baseUrl, Optional<String> apiKey, Duration timeout) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.apiKey = requireNonNull(apiKey, "apiKey is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public MarqueeClient(URI baseUrl, String apiKey) {
        this(baseUrl, Optional.of(apiKey), Duration.ofMinutes(5));
    }

    /** The same server with another key. */
    public MarqueeClient withApiKey(String key) {
        return new MarqueeClient(baseUrl, Optional.of(key), timeout);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public ApiResponse get(String path) {
        return send(request(path).GET());
    }

    public ApiResponse delete(String path) {
        return send(request(path).DELETE());
    }

    public ApiResponse post(String path, Object json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJson(json))));
    }

    public ApiResponse put(String path, Object json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(toJson(json))));
    }

    public ApiResponse postBytes(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Streams a file as the body (no full copy in memory). */
    public ApiResponse postFile(String path, String contentType, Path file) {
        try {
            return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Uploads a CSV file as a new version of dataset {@code name}; returns the dataset JSON. */
    public JsonNode uploadDataset(String name, Path csv) {
        return postFile("/v1/datasets?name=" + encode(name), "text/csv", csv).successJson();
    }

    /** Uploads CSV text as a new version of dataset {@code name}; returns the dataset JSON. */
    public JsonNode uploadDataset(String name, String csv) {
        return postBytes("/v1/datasets?name=" + encode(name), "text/csv", csv.getBytes(StandardCharsets.UTF_8))
                .successJson();
    }

    /**
     * Uploads interactions as a new version of interaction dataset {@code name}; {@code format} is {@code csv},
     * {@code tsv}, {@code movielens_100k} ({@code u.data}), {@code movielens_1m} ({@code ratings.dat}) or
     * {@code filmtrust}. Returns the dataset JSON.
     */
    public JsonNode uploadInteractions(String name, String format, byte[] content) {
        return postBytes("/v1/datasets?name=" + encode(name) + "&kind=interactions&format=" + encode(format),
                "text/plain", content).successJson();
    }

    /** Appends interactions to the newest version of an interaction dataset; returns the next version's JSON. */
    public JsonNode appendInteractions(String datasetId, String format, byte[] content) {
        return postBytes("/v1/datasets/" + encode(datasetId) + "/append?format=" + encode(format), "text/plain",
                content).successJson();
    }

    /** Submits a recommender training job ({@code per_user_random} protocol); returns the job JSON. */
    public JsonNode trainRecommender(String datasetId, String modelName, String algorithm, Map<String, ?> parameters,
            int k, long seed) {
        return post("/v1/training-jobs", Map.of(
                "dataset_id", datasetId,
                "model_name", modelName,
                "algorithm", algorithm,
                "parameters", parameters,
                "k", k,
                "seed", seed)).successJson();
    }

    /** Retrains a recommender on the newest version of its dataset; returns the job JSON. */
    public JsonNode retrain(String modelName) {
        return post("/v1/models/" + encode(modelName) + "/retrain", Map.of()).successJson();
    }

    /** Submits a training job; returns the job JSON. */
    public JsonNode train(String datasetId, String modelName, String target, String algorithm, Map<String, ?> parameters, long seed) {
        return post("/v1/training-jobs", Map.of(
                "dataset_id", datasetId,
                "model_name", modelName,
                "target", target,
                "algorithm", algorithm,
                "parameters", parameters,
                "seed", seed)).successJson();
    }

    /**
     * Polls a job until it finishes or {@code timeout} passes, calling {@code progress} with each state seen;
     * returns the final job JSON.
     */
    public JsonNode awaitJob(String jobId, Duration timeout, java.util.function.Consumer<JsonNode> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/v1/training-jobs/" + encode(jobId)).successJson();
            progress.accept(job);
            String state = job.path("state").asText();
            if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job %s still %s after %s".formatted(jobId, state, timeout));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for job " + jobId, e);
            }
        }
    }

    /** Deploys a model version or alias under an endpoint name; returns the endpoint JSON. */
    public JsonNode deploy(String endpoint, String model, Object version) {
        return post("/v1/endpoints", Map.of("name", endpoint, "model", model, "version", version)).successJson();
    }

    /** Open Inference Protocol infer call with a ready-made request body. */
    public ApiResponse infer(String endpoint, Object oipRequest) {
        return post("/v2/models/" + encode(endpoint) + "/infer", oipRequest);
    }

    /** {@code POST /v1/endpoints/{endpoint}/recommend} with a recommend body ({@code user_id}, {@code k}, ...). */
    public ApiResponse recommend(String endpoint, Map<String, ?> body) {
        return post("/v1/endpoints/" + encode(endpoint) + "/recommend", body);
    }

    /** {@code POST /v1/endpoints/{endpoint}/similar}: the {@code k} items most similar to {@code itemId}. */
    public ApiResponse similar(String endpoint, String itemId, int k) {
        return post("/v1/endpoints/" + encode(endpoint) + "/similar", Map.of("item_id", itemId, "k", k));
    }

    /** {@code POST /v1/endpoints/{endpoint}/interactions} with {@code events} of {@code user_id} and {@code item_id}. */
    public ApiResponse postInteractions(String endpoint, java.util.List<? extends Map<String, ?>> events) {
        return post("/v1/endpoints/" + encode(endpoint) + "/interactions", Map.of("events", events));
    }

    /** {@code POST /v1/endpoints/{endpoint}/retrain}; with {@code deploy}, the endpoint moves to the new version. */
    public ApiResponse retrainEndpoint(String endpoint, boolean deploy) {
        return post("/v1/endpoints/" + encode(endpoint) + "/retrain", Map.of("deploy", deploy));
    }

    @Override
    public void close() {
        http.close();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout);
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    private byte[] toJson(Object json) {
        try {
            return json instanceof byte[] bytes ? bytes : mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    private ApiResponse send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Marquee at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
