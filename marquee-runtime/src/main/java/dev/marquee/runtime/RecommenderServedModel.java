package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import dev.marquee.recommend.Catalogue;
import dev.marquee.recommend.CatalogueReader;
import dev.marquee.recommend.ItemIndexSettings;
import dev.marquee.recommend.MaturityScale;
import dev.marquee.recommend.MostPopular;
import dev.marquee.recommend.RecommendQuery;
import dev.marquee.recommend.RecommendationEngine;
import dev.marquee.recommend.RecommendedItem;
import dev.marquee.recommend.RecommenderArtifact;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.recommend.RecommenderModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A trained recommender served over the Open Inference Protocol and, through {@link #recommending()}, the recommend
 * API. One {@link RecommendationEngine} is built at load: the model, a counting popularity fallback fitted on the same
 * training interactions, and the catalogue the artifact carries (read with {@link CatalogueReader} on the
 * {@linkplain MaturityScale#motionPicture() motion-picture maturity scale}; a catalogue that cannot be read fails the
 * load with INVALID_ARGUMENT naming its line).
 *
 * <p>OIP contract: input {@code user_id} (BYTES, shape {@code [n]} or {@code [n, 1]}) and optional input
 * {@code history} (BYTES item ids, shape {@code [n, m]}, or {@code [m]} when {@code n = 1}; empty strings pad short
 * rows), optional request parameter {@code k} (an integer in {@code [1, }{@value #MAX_K}{@code ]}, default
 * {@value #DEFAULT_K}); outputs {@code item_ids} (BYTES) and {@code scores} (FP32), both {@code [n, min(k, items)]},
 * best first. Each row goes through the engine: a known user gets the model's top K without the items they have seen
 * (plus any history sent, folded in), an unknown or empty user id with a history gets the history folded in, anyone
 * else gets the most popular items. A shorter list is padded with empty item ids and zero scores. Immutable and
 * thread-safe.
 */
public final class RecommenderServedModel implements ServedModel, RecommendingModel {
    public static final String USER_INPUT = "user_id";
    public static final String HISTORY_INPUT = "history";
    public static final String ITEMS_OUTPUT = "item_ids";
    public static final String SCORES_OUTPUT = "scores";
    public static final String K_PARAMETER = "k";
    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 1_000;

    private final RecommenderArtifact artifact;
    private final RecommendationEngine engine;
    private final Set<String> genres;
    private final long memoryBytes;

    private RecommenderServedModel(RecommenderArtifact artifact, long memoryBytes, ItemIndexSettings indexSettings) {
        this.artifact = artifact;
        RecommenderModel model = artifact.model();
        RecommendationEngine.Builder builder = RecommendationEngine.builder(model)
                .popularity(MostPopular.counting().fit(model.training()))
                .itemIndex(indexSettings);
        artifact.catalogue().map(RecommenderServedModel::catalogue).ifPresent(builder::catalogue);
        this.engine = builder.build();
        this.genres = engine.catalogue()
                .map(catalogue -> catalogue.items().stream().flatMap(item -> item.genres().stream())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
        this.memoryBytes = memoryBytes;
    }

    /** Loads a recommender artifact; DATA_CORRUPTED or INVALID_ARGUMENT as {@link RecommenderArtifacts#read}. */
    public static RecommenderServedModel load(byte[] bytes) {
        return load(bytes, ItemIndexSettings.defaults());
    }

    /**
     * Loads a recommender artifact whose engine builds a factor model's item index with {@code indexSettings} (see
     * {@link RecommendationEngine}); DATA_CORRUPTED or INVALID_ARGUMENT as {@link RecommenderArtifacts#read}.
     */
    public static RecommenderServedModel load(byte[] bytes, ItemIndexSettings indexSettings) {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(indexSettings, "indexSettings is null");
        // The arrays read from the artifact are about its size, the engine's indexes a fraction of it; the scoring
        // buffers are per request.
        return new RecommenderServedModel(RecommenderArtifacts.read(bytes), 3L * bytes.length, indexSettings);
    }

    private static Catalogue catalogue(byte[] bytes) {
        try (InputStreamReader reader =
                new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            return CatalogueReader.read(reader, MaturityScale.motionPicture());
        } catch (MarqueeException failure) {
            throw MarqueeException.invalid("the recommender's catalogue cannot be served: %s", failure.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recommender's catalogue", e);
        }
    }

    @Override
    public RecommendationEngine engine() {
        return engine;
    }

    @Override
    public Set<String> genres() {
        return genres;
    }

    @Override
    public ModelManifest manifest() {
        return artifact.manifest();
    }

    @Override
    public Optional<RecommendingModel> recommending() {
        return Optional.of(this);
    }

    @Override
    public String platform() {
        return "marquee_recommender_" + artifact.manifest().algorithm();
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return List.of(
                new TensorSpec(USER_INPUT, Datatype.BYTES, List.of(-1L)),
                new TensorSpec(HISTORY_INPUT, Datatype.BYTES, List.of(-1L, -1L)));
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
        List<List<String>> histories = histories(request.inputs(), users.length);
        List<String> outputs = outputs(request.requestedOutputs());
        int width = Math.min(k, engine.model().training().itemCount());
        String[] items = new String[users.length * width];
        double[] scores = new double[users.length * width];
        Arrays.fill(items, "");
        for (int row = 0; row < users.length; row++) {
            String user = users[row];
            RecommendQuery query = user.isBlank()
                    ? RecommendQuery.forHistory(histories.get(row), Math.max(width, 1))
                    : RecommendQuery.forUser(user, Math.max(width, 1)).withHistory(histories.get(row));
            if (width == 0) {
                continue;
            }
            List<RecommendedItem> best = engine.recommend(query).items();
            int offset = row * width;
            for (int rank = 0; rank < best.size(); rank++) {
                items[offset + rank] = best.get(rank).itemId();
                scores[offset + rank] = best.get(rank).score();
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
        for (InferenceTensor input : inputs) {
            if (!input.name().equals(USER_INPUT) && !input.name().equals(HISTORY_INPUT)) {
                throw MarqueeException.invalid("a recommender takes the inputs '%s' and optionally '%s' (BYTES), got %s",
                        USER_INPUT, HISTORY_INPUT, inputs.stream().map(InferenceTensor::name).toList());
            }
        }
        InferenceTensor input = input(inputs, USER_INPUT).orElseThrow(() -> MarqueeException.invalid(
                "a recommender takes one input '%s' (BYTES), got %s", USER_INPUT,
                inputs.stream().map(InferenceTensor::name).toList()));
        if (inputs.stream().filter(candidate -> candidate.name().equals(USER_INPUT)).count() > 1
                || inputs.stream().filter(candidate -> candidate.name().equals(HISTORY_INPUT)).count() > 1) {
            throw MarqueeException.invalid("each input may appear once, got %s",
                    inputs.stream().map(InferenceTensor::name).toList());
        }
        if (!(input.data() instanceof TensorData.Strings strings) || input.datatype() != Datatype.BYTES) {
            throw MarqueeException.invalid("input '%s' must be BYTES user ids, was %s", USER_INPUT, input.datatype());
        }
        List<Long> shape = input.shape();
        if (shape.isEmpty() || shape.size() > 2 || (shape.size() == 2 && shape.get(1) != 1)) {
            throw MarqueeException.invalid("input '%s': shape %s must be [n] or [n, 1]", USER_INPUT, shape);
        }
        return strings.values();
    }

    /** Each row's history from the optional {@code history} input, blanks (padding) dropped; empty lists without. */
    private static List<List<String>> histories(List<InferenceTensor> inputs, int rows) {
        Optional<InferenceTensor> found = input(inputs, HISTORY_INPUT);
        if (found.isEmpty()) {
            return java.util.Collections.nCopies(rows, List.of());
        }
        InferenceTensor input = found.get();
        if (!(input.data() instanceof TensorData.Strings strings) || input.datatype() != Datatype.BYTES) {
            throw MarqueeException.invalid("input '%s' must be BYTES item ids, was %s", HISTORY_INPUT,
                    input.datatype());
        }
        List<Long> shape = input.shape();
        boolean oneRow = shape.size() == 1 && rows == 1;
        if (!oneRow && (shape.size() != 2 || shape.getFirst() != rows)) {
            throw MarqueeException.invalid("input '%s': shape %s must be [%d, m] (one row per user), or [m] for one user",
                    HISTORY_INPUT, shape, rows);
        }
        String[] values = strings.values();
        int width = rows == 0 ? 0 : values.length / rows;
        List<List<String>> histories = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            List<String> history = new ArrayList<>(width);
            for (int column = 0; column < width; column++) {
                String item = values[row * width + column];
                if (!item.isBlank()) {
                    history.add(item);
                }
            }
            histories.add(history);
        }
        return histories;
    }

    private static Optional<InferenceTensor> input(List<InferenceTensor> inputs, String name) {
        return inputs.stream().filter(input -> input.name().equals(name)).findFirst();
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
