package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RecommenderArtifact;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.recommend.RecommenderModel;
import dev.marquee.recommend.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A trained recommender served over the Open Inference Protocol: input {@code user_id} (BYTES, shape {@code [n]} or
 * {@code [n, 1]}), optional request parameter {@code k} (an integer in {@code [1, }{@value #MAX_K}{@code ]}, default
 * {@value #DEFAULT_K}); outputs {@code item_ids} (BYTES) and {@code scores} (FP32), both {@code [n, min(k, items)]},
 * best first. A known user gets the top K of the model's scores excluding the items in the user's training history;
 * an unknown user gets the most popular items. A user with fewer unseen items than K gets a shorter list padded with
 * empty item ids and zero scores. Scoring is deliberately small: the richer recommend API (filters, rules,
 * explanations) replaces it. Immutable and thread-safe.
 */
public final class RecommenderServedModel implements ServedModel {
    public static final String USER_INPUT = "user_id";
    public static final String ITEMS_OUTPUT = "item_ids";
    public static final String SCORES_OUTPUT = "scores";
    public static final String K_PARAMETER = "k";
    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 1_000;

    private final RecommenderArtifact artifact;
    private final RecommenderModel model;
    private final Interactions training;
    private final int[] popular;
    private final float[] popularScores;
    private final long memoryBytes;

    private RecommenderServedModel(RecommenderArtifact artifact, long memoryBytes) {
        this.artifact = artifact;
        this.model = artifact.model();
        this.training = model.training();
        int[] counts = training.itemCounts();
        float[] popularity = new float[counts.length];
        for (int item = 0; item < counts.length; item++) {
            popularity[item] = counts[item];
        }
        this.popular = counts.length == 0 ? new int[0] : TopK.select(popularity, Math.min(MAX_K, counts.length),
                new int[0]);
        this.popularScores = new float[popular.length];
        for (int rank = 0; rank < popular.length; rank++) {
            popularScores[rank] = popularity[popular[rank]];
        }
        this.memoryBytes = memoryBytes;
    }

    /** Loads a recommender artifact; DATA_CORRUPTED or INVALID_ARGUMENT as {@link RecommenderArtifacts#read}. */
    public static RecommenderServedModel load(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        // The arrays read from the artifact are about its size; the scoring buffers are per request.
        return new RecommenderServedModel(RecommenderArtifacts.read(bytes), 2L * bytes.length);
    }

    @Override
    public String platform() {
        return "marquee_recommender_" + artifact.manifest().algorithm();
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return List.of(new TensorSpec(USER_INPUT, Datatype.BYTES, List.of(-1L)));
    }

    @Override
    public List<TensorSpec> outputSpecs() {
        return List.of(
                new TensorSpec(ITEMS_OUTPUT, Datatype.BYTES, List.of(-1L, -1L)),
                new TensorSpec(SCORES_OUTPUT, Datatype.FP32, List.of(-1L, -1L)));
    }

    @Override
    public List<InferenceTensor> infer(InferenceRequest request) {
        int k = k(request);
        String[] users = users(request.inputs());
        List<String> outputs = outputs(request.requestedOutputs());
        int width = Math.min(k, training.itemCount());
        String[] items = new String[users.length * width];
        double[] scores = new double[users.length * width];
        Arrays.fill(items, "");
        float[] buffer = new float[training.itemCount()];
        for (int row = 0; row < users.length; row++) {
            OptionalInt user = training.userIndex(users[row]);
            int offset = row * width;
            if (user.isPresent()) {
                model.score(user.getAsInt(), buffer);
                int[] best = TopK.select(buffer, width, training.itemsOf(user.getAsInt()));
                for (int rank = 0; rank < best.length; rank++) {
                    items[offset + rank] = training.itemId(best[rank]);
                    scores[offset + rank] = buffer[best[rank]];
                }
            } else {
                for (int rank = 0; rank < width; rank++) {
                    items[offset + rank] = training.itemId(popular[rank]);
                    scores[offset + rank] = popularScores[rank];
                }
            }
        }
        List<InferenceTensor> tensors = new ArrayList<>(outputs.size());
        for (String output : outputs) {
            tensors.add(output.equals(ITEMS_OUTPUT)
                    ? InferenceTensor.strings(ITEMS_OUTPUT, items, users.length, width)
                    : InferenceTensor.numbers(SCORES_OUTPUT, Datatype.FP32, scores, users.length, width));
        }
        return tensors;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    private static int k(InferenceRequest request) {
        Object value = request.parameters().get(K_PARAMETER);
        if (value == null) {
            return DEFAULT_K;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.doubleValue() < 1 || number.doubleValue() > MAX_K) {
            throw MarqueeException.invalid("parameter '%s' must be an integer in [1, %d], was %s", K_PARAMETER, MAX_K,
                    value);
        }
        return number.intValue();
    }

    private static String[] users(List<InferenceTensor> inputs) {
        if (inputs.size() != 1 || !inputs.getFirst().name().equals(USER_INPUT)) {
            throw MarqueeException.invalid("a recommender takes one input '%s' (BYTES), got %s", USER_INPUT,
                    inputs.stream().map(InferenceTensor::name).toList());
        }
        InferenceTensor input = inputs.getFirst();
        if (!(input.data() instanceof TensorData.Strings strings) || input.datatype() != Datatype.BYTES) {
            throw MarqueeException.invalid("input '%s' must be BYTES user ids, was %s", USER_INPUT, input.datatype());
        }
        List<Long> shape = input.shape();
        if (shape.isEmpty() || shape.size() > 2 || (shape.size() == 2 && shape.get(1) != 1)) {
            throw MarqueeException.invalid("input '%s': shape %s must be [n] or [n, 1]", USER_INPUT, shape);
        }
        return strings.values();
    }

    private List<String> outputs(List<String> requested) {
        if (requested.isEmpty()) {
            return List.of(ITEMS_OUTPUT, SCORES_OUTPUT);
        }
        for (String name : requested) {
            if (!name.equals(ITEMS_OUTPUT) && !name.equals(SCORES_OUTPUT)) {
                throw MarqueeException.invalid("unknown output '%s'; this model has outputs %s", name,
                        List.of(ITEMS_OUTPUT, SCORES_OUTPUT));
            }
        }
        return requested;
    }
}
