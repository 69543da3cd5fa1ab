package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Serves recommendations and similar items from a trained {@link RecommenderModel}, with an optional
 * {@link Catalogue} for filters, genre rules and titles, and a popularity model for users the model cannot score.
 * Immutable and thread-safe; build one with {@link #builder}.
 *
 * <p>A request costs one model scoring plus {@code O(items / 64)} word operations for the filters and
 * {@code O(items log k)} for top-K; besides the score array it allocates only in proportion to the history, the
 * rules and {@code k}. Filters and rules are applied by writing NaN into the score array for every ineligible item,
 * which {@link TopK} skips. The first request for a (region, date) builds that availability mask ({@code O(windows in
 * the region)}); later ones reuse it (see {@link RecommendationLimits#availabilityCacheSize()}).
 *
 * <p>For a {@link FactorModel} the engine builds an {@link ItemIndex} once ({@link ItemIndex#forCatalogue}, with the
 * builder's {@link ItemIndexSettings}: exact up to {@link ItemIndexSettings#approximateAbove()} items, HNSW above).
 * A request the index can answer alone (a training user or a folded-in history, no filters, no rules, no diversity)
 * is served from it without a score array. The exact index's answer is the full path's: it fetches {@code 2k} (at
 * least {@code k + 16}) candidates with its tiled kernel, re-scores them with the model's kernel
 * ({@link FactorScoring#scoreAll} over their gathered rows), and falls back to full scoring unless a float rounding
 * bound separates the {@code k}-th score from every item it left out; so the same items in the same order with the
 * same scores, bit for bit once the kernel is compiled (while the JIT still interprets it, the Vector API's lane sum
 * may round differently in the last bit, on either path). An HNSW answer has the model's scores but may miss items;
 * {@link Recommendations#approximate()} says so.
 *
 * <p>Bad input (k out of range, unknown rule or pin items, invalid filters; see each method) is an
 * {@link dev.marquee.core.ErrorCode#INVALID_ARGUMENT} naming the field. An unknown user is not an error (popularity
 * serves it), unknown history items are ignored and reported, and filters that exclude everything give an empty
 * answer.
 */
public final class RecommendationEngine {
    /** No excluded items: exclusion is by NaN scores. */
    private static final int[] NOTHING = new int[0];

    private final RecommenderModel model;
    private final RecommenderModel popularity;
    private final Optional<CatalogueIndex> catalogue;
    private final RecommendationLimits limits;
    private final ItemUsers cooccurrence;
    /** The norms of the ALS item factors, for similar items; empty for other models. */
    private final float[] factorNorms;
    /** The item index of a factor model with finite factors; empty for other models. */
    private final Optional<ItemIndex> index;
    /** The largest item factor norm, for the exact index's rounding bound. */
    private final double maxItemNorm;

    private RecommendationEngine(RecommenderModel model, RecommenderModel popularity, Optional<Catalogue> catalogue,
            RecommendationLimits limits, ItemIndexSettings indexSettings) {
        this.model = model;
        this.popularity = popularity;
        this.limits = limits;
        Interactions training = model.training();
        this.catalogue = catalogue.map(value -> new CatalogueIndex(value, training, limits.availabilityCacheSize()));
        this.cooccurrence = new ItemUsers(training);
        if (model instanceof FactorModel als) {
            int size = als.factors();
            float[] itemFactors = als.itemFactors();
            factorNorms = new float[training.itemCount()];
            for (int item = 0; item < factorNorms.length; item++) {
                double sum = 0;
                for (int factor = 0; factor < size; factor++) {
                    sum += (double) itemFactors[item * size + factor] * itemFactors[item * size + factor];
                }
                factorNorms[item] = (float) Math.sqrt(sum);
            }
        } else {
            factorNorms = new float[0];
        }
        double largest = 0;
        for (float norm : factorNorms) {
            largest = Math.max(largest, norm);
        }
        this.maxItemNorm = largest;
        if (model instanceof FactorModel factorModel && Double.isFinite(largest) && allFinite(factorModel.itemFactors())
                && training.itemCount() > 0) {
            index = Optional.of(ItemIndex.forCatalogue(factorModel.itemFactors(), factorModel.factors(),
                    indexSettings));
        } else {
            index = Optional.empty();
        }
    }

    private static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** The item index requests without filters, rules or diversity are served from; empty for other models. */
    public Optional<ItemIndex> itemIndex() {
        return index;
    }

    /** An engine over {@code model}; by default without a catalogue, with counting popularity and default limits. */
    public static Builder builder(RecommenderModel model) {
        return new Builder(model);
    }

    public RecommenderModel model() {
        return model;
    }

    public Optional<Catalogue> catalogue() {
        return catalogue.map(CatalogueIndex::catalogue);
    }

    public RecommendationLimits limits() {
        return limits;
    }

    /**
     * The top items for a query (see {@link RecommendQuery} for how the user is resolved). Steps: score (model,
     * fold-in or popularity); apply boosts; drop seen items (when asked) and items failing the filters; set aside
     * pins and buried items; take the top items (MMR re-ranked when asked), then buried items if places remain;
     * place the pins.
     *
     * @throws MarqueeException INVALID_ARGUMENT when {@code k} is not in {@code [1, maxK]}, the history is longer than
     *     {@code maxHistory} or has a blank id, the diversity lambda is not in {@code [0, 1]}, the explanation count
     *     is not in {@code [0, maxExplanationItems]}, a filter or genre rule is given without a catalogue, the maximum
     *     maturity is not on the catalogue's scale, a rule or pin names an item the model does not know, or pins
     *     repeat an item or a position or have a position above {@code k}
     */
    public Recommendations recommend(RecommendQuery query) {
        requireNonNull(query, "query is null");
        int k = validK(query.k());
        if (query.history().size() > limits.maxHistory()) {
            throw MarqueeException.invalid("'history' has %d items, more than the limit of %d",
                    query.history().size(), limits.maxHistory());
        }
        if (query.explanationItems() < 0 || query.explanationItems() > limits.maxExplanationItems()) {
            throw MarqueeException.invalid("'explanationItems' must be between 0 and %d: %s",
                    limits.maxExplanationItems(), query.explanationItems());
        }
        if (query.diversity().isPresent()) {
            double lambda = query.diversity().getAsDouble();
            if (!(lambda >= 0 && lambda <= 1)) {
                throw MarqueeException.invalid("'diversity' lambda must be between 0 and 1: %s", lambda);
            }
        }
        Mask mask = mask(query.filters());
        Rules rules = rules(query.rules(), k);
        List<String> ignored = new ArrayList<>();
        Requester requester = requester(query, ignored);
        int[] history = requester.history();

        if (index.isPresent() && requester.strategy() != ServingStrategy.POPULARITY_FALLBACK && mask == Mask.NONE
                && rules == Rules.NONE && query.diversity().isEmpty()) {
            Optional<Retrieved> retrieved = retrieve(index.get(), requester, query.excludeSeen(), k);
            if (retrieved.isPresent()) {
                Explainer explainer = new Explainer(query.explanationItems(), requester.strategy(), history);
                int[] found = retrieved.get().items();
                List<RecommendedItem> items = new ArrayList<>(found.length);
                for (int rank = 0; rank < found.length; rank++) {
                    items.add(item(found[rank], retrieved.get().scores()[rank], false, explainer));
                }
                return new Recommendations(items, requester.strategy(), ignored, List.of(),
                        retrieved.get().approximate());
            }
        }

        float[] scores = new float[model.training().itemCount()];
        switch (requester.strategy()) {
            case MODEL -> model.score(requester.user().getAsInt(), scores);
            case FOLD_IN -> model.scoreHistory(history, scores);
            case POPULARITY_FALLBACK -> popularity.scoreHistory(history, scores);
        }
        rules.boost(scores);
        if (query.excludeSeen()) {
            for (int item : history) {
                scores[item] = Float.NaN;
            }
        }
        mask.reject(scores);
        Pinned pinned = rules.setAsidePins(scores);
        Buried buried = rules.setAsideBuried(scores);

        int slots = k - pinned.count();
        int[] ranked = NOTHING;
        if (slots > 0) {
            if (query.diversity().isPresent()) {
                int pool = (int) Math.min((long) slots * limits.diversityPoolFactor(), scores.length);
                ranked = DiversityReranker.rerank(TopK.select(scores, pool, NOTHING), scores, slots,
                        query.diversity().getAsDouble(), cooccurrence);
            } else {
                ranked = TopK.select(scores, slots, NOTHING);
            }
            if (ranked.length < slots) {
                ranked = buried.fill(ranked, slots, scores);
            }
        }

        Explainer explainer = new Explainer(query.explanationItems(), requester.strategy(), history);
        List<RecommendedItem> items = new ArrayList<>(Math.min(k, ranked.length + pinned.count()));
        int nextPin = 0;
        int nextRanked = 0;
        while (items.size() < k) {
            boolean pinHere = nextPin < pinned.count() && pinned.positions()[nextPin] == items.size() + 1;
            if (pinHere || (nextRanked >= ranked.length && nextPin < pinned.count())) {
                items.add(item(pinned.items()[nextPin], pinned.scores()[nextPin], true, explainer));
                nextPin++;
            } else if (nextRanked < ranked.length) {
                int item = ranked[nextRanked++];
                items.add(item(item, scores[item], false, explainer));
            } else {
                break;
            }
        }
        return new Recommendations(items, requester.strategy(), ignored, pinned.ineligible());
    }

    /** Items best first with their model scores, and whether an approximate index found them. */
    record Retrieved(int[] items, float[] scores, boolean approximate) {}

    /**
     * The top {@code k} from the item index, or empty when the full path must answer: a non-finite query, or an exact
     * search whose candidates the rounding bound cannot separate from the rest.
     */
    Optional<Retrieved> retrieve(ItemIndex itemIndex, Requester requester, boolean excludeSeen, int k) {
        FactorModel factorModel = (FactorModel) model;
        int size = factorModel.factors();
        float[] query = requester.strategy() == ServingStrategy.MODEL
                ? Arrays.copyOfRange(factorModel.userFactors(), requester.user().getAsInt() * size,
                        (requester.user().getAsInt() + 1) * size)
                : factorModel.foldIn(requester.history());
        double queryNorm = 0;
        for (float value : query) {
            queryNorm += (double) value * value;
        }
        queryNorm = Math.sqrt(queryNorm);
        if (!Double.isFinite(queryNorm)) {
            return Optional.empty();
        }
        int[] excluded = excludeSeen ? requester.history() : NOTHING;
        boolean exact = itemIndex instanceof ExactItemIndex;
        int wanted = exact ? (int) Math.min(Integer.MAX_VALUE, k + (long) Math.max(k, 16)) : k;
        int[] candidates = itemIndex.search(query, wanted, excluded);
        float[] itemFactors = factorModel.itemFactors();
        // The candidates are re-scored by the model's own kernel over their gathered rows (an even number of them, so
        // that every row takes the kernel's paired path, as all but an odd catalogue's last item do in full scoring).
        int rows = candidates.length + (candidates.length & 1);
        float[] gathered = new float[rows * size];
        for (int index = 0; index < candidates.length; index++) {
            System.arraycopy(itemFactors, candidates[index] * size, gathered, index * size, size);
        }
        float[] candidateScores = new float[rows];
        FactorScoring.scoreAll(query, 0, gathered, size, candidateScores);
        long[] ranked = new long[candidates.length];
        for (int index = 0; index < candidates.length; index++) {
            if (Float.isNaN(candidateScores[index])) {
                return Optional.empty();
            }
            ranked[index] = ((long) ~HnswItemIndex.sortableBits(candidateScores[index]) << 32) | index;
        }
        Arrays.sort(ranked);
        int count = Math.min(k, ranked.length);
        int[] items = new int[count];
        float[] scores = new float[count];
        for (int rank = 0; rank < count; rank++) {
            int index = (int) ranked[rank];
            items[rank] = candidates[index];
            scores[rank] = candidateScores[index];
        }
        if (count > 1 && !strictlyIncreasingOnTies(items, scores)) {
            return Optional.empty();
        }
        if (exact && candidates.length == wanted) {
            // Every item left out has a tiled score at most the last candidate's, so a model score at most the last
            // candidate's model score plus twice the rounding bound of either kernel (|x·y| sums of n products, with
            // |x||y| bounding the sum of their magnitudes): below the k-th, it cannot enter nor tie.
            double bound = 2 * (size + 2) * Math.ulp(1f) * queryNorm * maxItemNorm;
            float last = candidateScores[candidates.length - 1];
            if (!(last + 2 * bound < scores[count - 1])) {
                return Optional.empty();
            }
        }
        return Optional.of(new Retrieved(items, scores, !exact));
    }

    /** Whether equal scores are in increasing item order (ties by lower index, as {@link TopK}). */
    private static boolean strictlyIncreasingOnTies(int[] items, float[] scores) {
        for (int rank = 1; rank < items.length; rank++) {
            if (scores[rank] == scores[rank - 1] && items[rank] < items[rank - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Who a query is for, and how to score them: a training user, a history to fold in, or nobody. */
    record Requester(ServingStrategy strategy, OptionalInt user, int[] history) {}

    private Requester requester(RecommendQuery query, List<String> ignored) {
        if (query.userId().isPresent() && query.userId().get().isBlank()) {
            throw MarqueeException.invalid("'userId' must not be blank");
        }
        Interactions training = model.training();
        OptionalInt user = query.userId().isPresent() ? training.userIndex(query.userId().get()) : OptionalInt.empty();
        int[] requested = historyIndexes(query.history(), ignored);
        if (user.isPresent()) {
            int[] trained = training.itemsOf(user.getAsInt());
            int[] history = union(trained, requested);
            // Request items already in the training history change nothing: the trained user is served.
            return new Requester(history.length == trained.length ? ServingStrategy.MODEL : ServingStrategy.FOLD_IN,
                    user, history);
        }
        return new Requester(requested.length > 0 ? ServingStrategy.FOLD_IN : ServingStrategy.POPULARITY_FALLBACK,
                user, requested);
    }

    /**
     * The {@code k} items most similar to {@code itemId} that pass the filters, most similar first; only items with a
     * positive similarity, never the item itself. Similarity by model type: cosine of item factors for implicit ALS,
     * the model's item-item weights for item-kNN and EASE (the score of a one-item history), co-occurrence cosine
     * otherwise. Always a full scan: the item index ranks by inner product, and a normalised query over unnormalised
     * item factors would not rank by cosine.
     *
     * @throws MarqueeException INVALID_ARGUMENT when the model does not know the item, {@code k} is not in
     *     {@code [1, maxK]}, or the filters are invalid (as for {@link #recommend})
     */
    public SimilarItems similar(String itemId, int k, ItemFilters filters) {
        requireNonNull(itemId, "itemId is null");
        requireNonNull(filters, "filters is null");
        validK(k);
        Interactions training = model.training();
        int item = training.itemIndex(itemId)
                .orElseThrow(() -> MarqueeException.invalid("item '%s' is not in the model", itemId));
        Mask mask = mask(filters);
        float[] scores = new float[training.itemCount()];
        SimilarItems.Basis basis;
        if (model instanceof ImplicitAls.Model als) {
            basis = SimilarItems.Basis.ITEM_FACTOR_COSINE;
            int size = als.factors();
            float[] itemFactors = als.itemFactors();
            int offset = item * size;
            for (int other = 0; other < scores.length; other++) {
                int otherOffset = other * size;
                float dot = 0;
                for (int factor = 0; factor < size; factor++) {
                    dot += itemFactors[offset + factor] * itemFactors[otherOffset + factor];
                }
                float norms = factorNorms[item] * factorNorms[other];
                scores[other] = norms > 0 ? dot / norms : 0;
            }
        } else if (model instanceof ItemKnn.Model || model instanceof Ease.Model) {
            basis = SimilarItems.Basis.MODEL_ITEM_WEIGHTS;
            model.scoreHistory(new int[] {item}, scores);
        } else {
            basis = SimilarItems.Basis.COOCCURRENCE_COSINE;
            cooccurrence.cosineRow(item, scores);
        }
        for (int other = 0; other < scores.length; other++) {
            if (!(scores[other] > 0)) {
                scores[other] = Float.NaN;
            }
        }
        scores[item] = Float.NaN;
        mask.reject(scores);
        int[] best = TopK.select(scores, k, NOTHING);
        List<RecommendedItem> items = new ArrayList<>(best.length);
        for (int other : best) {
            items.add(new RecommendedItem(training.itemId(other), title(other), scores[other], false,
                    Optional.empty()));
        }
        return new SimilarItems(itemId, basis, items);
    }

    private int validK(int k) {
        if (k < 1 || k > limits.maxK()) {
            throw MarqueeException.invalid("'k' must be between 1 and %d: %s", limits.maxK(), k);
        }
        return k;
    }

    private RecommendedItem item(int item, float score, boolean pinned, Explainer explainer) {
        return new RecommendedItem(model.training().itemId(item), title(item), score, pinned,
                explainer.because(item));
    }

    /** Explanations for one request: the history's score decomposition, built once when explanations are wanted. */
    private final class Explainer {
        private final int limit;
        private final ServingStrategy strategy;
        private final int[] history;
        private final Optional<ScoreDecomposition> decomposition;

        Explainer(int limit, ServingStrategy strategy, int[] history) {
            this.limit = limit;
            this.strategy = strategy;
            this.history = history;
            this.decomposition = limit > 0 && strategy != ServingStrategy.POPULARITY_FALLBACK
                    ? ScoreDecomposition.of(model, history)
                    : Optional.empty();
        }

        Optional<Because> because(int item) {
            if (limit == 0) {
                return Optional.empty();
            }
            if (strategy == ServingStrategy.POPULARITY_FALLBACK || model instanceof MostPopular.Model) {
                return Optional.of(new Because(Because.Basis.POPULARITY, List.of()));
            }
            if (decomposition.isEmpty()) {
                return Optional.of(new Because(Because.Basis.NOT_SUPPORTED, List.of()));
            }
            double[] shares = new double[history.length];
            decomposition.get().shares(item, shares);
            Integer[] order = new Integer[history.length];
            int count = 0;
            for (int index = 0; index < history.length; index++) {
                if (shares[index] != 0) {
                    order[count++] = index;
                }
            }
            Arrays.sort(order, 0, count, Comparator.comparingDouble((Integer index) -> -shares[index])
                    .thenComparingInt(index -> history[index]));
            List<Contribution> contributions = new ArrayList<>(Math.min(limit, count));
            for (int rank = 0; rank < Math.min(limit, count); rank++) {
                int historyItem = history[order[rank]];
                contributions.add(new Contribution(model.training().itemId(historyItem), title(historyItem),
                        shares[order[rank]]));
            }
            return Optional.of(new Because(Because.Basis.HISTORY_ITEMS, contributions));
        }
    }

    private Optional<String> title(int item) {
        return catalogue.flatMap(index -> index.title(item));
    }

    /** Distinct known item indexes of the history, increasing; unknown ids go to {@code ignored}, once each. */
    private int[] historyIndexes(List<String> ids, List<String> ignored) {
        Interactions training = model.training();
        int[] indexes = new int[ids.size()];
        int count = 0;
        Set<String> unknown = new LinkedHashSet<>();
        for (String id : ids) {
            if (id.isBlank()) {
                throw MarqueeException.invalid("'history' item ids must not be blank");
            }
            OptionalInt index = training.itemIndex(id);
            if (index.isPresent()) {
                indexes[count++] = index.getAsInt();
            } else {
                unknown.add(id);
            }
        }
        ignored.addAll(unknown);
        Arrays.sort(indexes, 0, count);
        int distinct = 0;
        for (int index = 0; index < count; index++) {
            if (distinct == 0 || indexes[index] != indexes[distinct - 1]) {
                indexes[distinct++] = indexes[index];
            }
        }
        return Arrays.copyOf(indexes, distinct);
    }

    /** The sorted union of two increasing arrays of distinct values. */
    private static int[] union(int[] first, int[] second) {
        int[] result = new int[first.length + second.length];
        int left = 0;
        int right = 0;
        int size = 0;
        while (left < first.length || right < second.length) {
            if (right >= second.length || (left < first.length && first[left] < second[right])) {
                result[size++] = first[left++];
            } else if (left >= first.length || second[right] < first[left]) {
                result[size++] = second[right++];
            } else {
                result[size++] = first[left++];
                right++;
            }
        }
        return size == result.length ? result : Arrays.copyOf(result, size);
    }

    private CatalogueIndex requireCatalogue(String what) {
        return catalogue.orElseThrow(() -> MarqueeException.invalid(
                "%s needs a catalogue, and this recommender has none", what));
    }

    private Mask mask(ItemFilters filters) {
        if (filters.isEmpty()) {
            return Mask.NONE;
        }
        CatalogueIndex index = requireCatalogue("'filters'");
        long[][] include = null;
        if (!filters.includeGenres().isEmpty()) {
            include = filters.includeGenres().stream().map(index::genre).toArray(long[][]::new);
        }
        long[][] exclude = filters.excludeGenres().stream().map(index::genre).toArray(long[][]::new);
        long[] maturity = null;
        if (filters.maxMaturity().isPresent()) {
            String rating = filters.maxMaturity().get();
            MaturityScale scale = index.catalogue().maturityScale();
            int rank = scale.rank(rating).orElseThrow(() -> MarqueeException.invalid(
                    "'maxMaturity' '%s' is not on the scale %s", rating, scale.ratings()));
            maturity = index.atMostMaturity(rank);
        }
        long[] availability = filters.availableIn().map(index::available).orElse(null);
        return new Mask(index, include, exclude, maturity, availability);
    }

    private Rules rules(BusinessRules rules, int k) {
        if (rules.isEmpty()) {
            return Rules.NONE;
        }
        List<BusinessRules.Boost> boosts = rules.boosts();
        Selection[] boostSelections = new Selection[boosts.size()];
        for (int boost = 0; boost < boosts.size(); boost++) {
            boostSelections[boost] = selection(boosts.get(boost).selector(), "boost");
        }
        Selection bury = selection(rules.bury(), "bury");
        int[] pins = new int[rules.pins().size()];
        int[] positions = new int[pins.length];
        List<BusinessRules.Pin> sorted = rules.pins().stream()
                .sorted(Comparator.comparingInt(BusinessRules.Pin::position)).toList();
        for (int pin = 0; pin < pins.length; pin++) {
            BusinessRules.Pin value = sorted.get(pin);
            if (value.position() > k) {
                throw MarqueeException.invalid("'pins' position %d of item '%s' is beyond k = %d", value.position(),
                        value.itemId(), k);
            }
            pins[pin] = itemIndex(value.itemId(), "pins");
            positions[pin] = value.position();
            for (int earlier = 0; earlier < pin; earlier++) {
                if (pins[earlier] == pins[pin]) {
                    throw MarqueeException.invalid("'pins' name item '%s' twice", value.itemId());
                }
                if (positions[earlier] == positions[pin]) {
                    throw MarqueeException.invalid("'pins' put two items at position %d", value.position());
                }
            }
        }
        return new Rules(boosts, boostSelections, bury, pins, positions,
                sorted.stream().map(BusinessRules.Pin::itemId).toList());
    }

    private Selection selection(BusinessRules.ItemSelector selector, String field) {
        int[] items = selector.itemIds().stream().mapToInt(id -> itemIndex(id, field)).sorted().toArray();
        if (selector.genres().isEmpty()) {
            return new Selection(items, new long[0][], null);
        }
        CatalogueIndex index = requireCatalogue("'" + field + "' by genre");
        long[][] genres = selector.genres().stream().map(index::genre).toArray(long[][]::new);
        return new Selection(items, genres, index);
    }

    private int itemIndex(String id, String field) {
        return model.training().itemIndex(id)
                .orElseThrow(() -> MarqueeException.invalid("'%s' item '%s' is not in the model", field, id));
    }

    /** A query's filters over item indexes; the arrays are shared, never written. */
    private record Mask(CatalogueIndex index, long[][] include, long[][] exclude, long[] maturity,
            long[] availability) {
        static final Mask NONE = new Mask(null, null, new long[0][], null, null);

        void reject(float[] scores) {
            if (index != null) {
                index.reject(scores, include, exclude, maturity, availability);
            }
        }
    }

    /** Items chosen by index and by genre bitsets; an item in both counts once. */
    private record Selection(int[] items, long[][] genres, CatalogueIndex index) {
        interface ItemAction {
            void apply(int item);
        }

        void forEach(int itemCount, ItemAction action) {
            if (genres.length > 0) {
                int words = index.words();
                for (int word = 0; word < words; word++) {
                    long any = 0;
                    for (long[] bits : genres) {
                        any |= bits[word];
                    }
                    while (any != 0) {
                        action.apply((word << 6) + Long.numberOfTrailingZeros(any));
                        any &= any - 1;
                    }
                }
            }
            for (int item : items) {
                if (!inGenres(item)) {
                    action.apply(item);
                }
            }
        }

        private boolean inGenres(int item) {
            for (long[] bits : genres) {
                if ((bits[item >>> 6] & (1L << item)) != 0) {
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty() {
            return items.length == 0 && genres.length == 0;
        }
    }

    /** A query's rules over item indexes; pins sorted by position. */
    private record Rules(List<BusinessRules.Boost> boosts, Selection[] boostSelections, Selection bury, int[] pins,
            int[] pinPositions, List<String> pinIds) {
        static final Rules NONE = new Rules(List.of(), new Selection[0], new Selection(NOTHING, new long[0][], null),
                NOTHING, NOTHING, List.of());

        void boost(float[] scores) {
            for (int boost = 0; boost < boostSelections.length; boost++) {
                BusinessRules.Operation operation = boosts.get(boost).operation();
                double amount = boosts.get(boost).amount();
                boostSelections[boost].forEach(scores.length, item -> scores[item] = adjust(scores[item], operation,
                        amount));
            }
        }

        private static float adjust(float score, BusinessRules.Operation operation, double amount) {
            return switch (operation) {
                case MULTIPLY -> (float) (score >= 0 ? score * amount : score / amount);
                case ADD -> (float) (score + amount);
            };
        }

        /**
         * Removes the pinned items from {@code scores}, keeping the eligible ones (those still scored) aside with their
         * scores, in position order.
         */
        Pinned setAsidePins(float[] scores) {
            int[] items = new int[pins.length];
            float[] pinnedScores = new float[pins.length];
            int[] positions = new int[pins.length];
            List<String> ineligible = new ArrayList<>();
            int count = 0;
            for (int pin = 0; pin < pins.length; pin++) {
                int item = pins[pin];
                if (Float.isNaN(scores[item])) {
                    ineligible.add(pinIds.get(pin));
                    continue;
                }
                items[count] = item;
                pinnedScores[count] = scores[item];
                positions[count] = pinPositions[pin];
                count++;
                scores[item] = Float.NaN;
            }
            return new Pinned(items, pinnedScores, positions, count, ineligible);
        }

        /** Removes the eligible buried items from {@code scores}, keeping their scores aside. */
        Buried setAsideBuried(float[] scores) {
            Buried buried = new Buried();
            if (bury.isEmpty()) {
                return buried;
            }
            bury.forEach(scores.length, item -> {
                if (!Float.isNaN(scores[item])) {
                    buried.add(item, scores[item]);
                    scores[item] = Float.NaN;
                }
            });
            return buried;
        }
    }

    /** The eligible pins of a request ({@code count} of them, by position) and the ineligible pins' item ids. */
    private record Pinned(int[] items, float[] scores, int[] positions, int count, List<String> ineligible) {}

    /** Buried items with their scores, appended after the other items when places remain. One per request. */
    private static final class Buried {
        private int[] items = NOTHING;
        private float[] scores = new float[0];
        private int size;

        void add(int item, float score) {
            if (size == items.length) {
                items = Arrays.copyOf(items, Math.max(8, size * 2));
                scores = Arrays.copyOf(scores, items.length);
            }
            items[size] = item;
            scores[size] = score;
            size++;
        }

        /** {@code ranked} followed by the best buried items, up to {@code slots}; records their scores. */
        int[] fill(int[] ranked, int slots, float[] allScores) {
            if (size == 0) {
                return ranked;
            }
            int[] best = TopK.select(Arrays.copyOf(scores, size), slots - ranked.length, new int[0]);
            int[] result = Arrays.copyOf(ranked, ranked.length + best.length);
            for (int index = 0; index < best.length; index++) {
                int item = items[best[index]];
                result[ranked.length + index] = item;
                allScores[item] = scores[best[index]];
            }
            return result;
        }
    }

    /** Builds a {@link RecommendationEngine}. */
    public static final class Builder {
        private final RecommenderModel model;
        private Optional<Catalogue> catalogue = Optional.empty();
        private Optional<RecommenderModel> popularity = Optional.empty();
        private RecommendationLimits limits = RecommendationLimits.defaults();
        private ItemIndexSettings indexSettings = ItemIndexSettings.defaults();

        private Builder(RecommenderModel model) {
            this.model = requireNonNull(model, "model is null");
        }

        public Builder catalogue(Catalogue value) {
            catalogue = Optional.of(requireNonNull(value, "catalogue is null"));
            return this;
        }

        /** The fallback model, trained on the same interactions as the model (by default counting popularity). */
        public Builder popularity(RecommenderModel value) {
            popularity = Optional.of(requireNonNull(value, "popularity is null"));
            return this;
        }

        public Builder limits(RecommendationLimits value) {
            limits = requireNonNull(value, "limits is null");
            return this;
        }

        /** How the item index of a factor model is built (by default {@link ItemIndexSettings#defaults()}). */
        public Builder itemIndex(ItemIndexSettings value) {
            indexSettings = requireNonNull(value, "indexSettings is null");
            return this;
        }

        public RecommendationEngine build() {
            RecommenderModel fallback = popularity.orElseGet(() -> MostPopular.counting().fit(model.training()));
            model.training().requireSameIds(fallback.training());
            return new RecommendationEngine(model, fallback, catalogue, limits, indexSettings);
        }
    }
}
