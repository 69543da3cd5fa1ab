package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RecommendationEngineTest {
    /** 150 users in 3 taste groups over items i0..i59 (group g = items 20g..20g+19), 12 events each. */
    private static final Interactions TRAINING = RecommendFixtures.clustered(150, 60, 3, 12, 0.8, 11);
    private static final RecommenderModel EASE = new Ease(10).fit(TRAINING);
    private static final RecommenderModel KNN = new ItemKnn(20, 0).fit(TRAINING);
    private static final RecommenderModel ALS = new ImplicitAls(8, 2, 0.1, 15, 3, 5).fit(TRAINING);
    private static final RecommenderModel POPULAR = MostPopular.counting().fit(TRAINING);
    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);
    private static final List<String> RATINGS = MaturityScale.motionPicture().ratings();
    /** Every item but i59, and new-release, which is not in the training set. */
    private static final Catalogue CATALOGUE = catalogue();

    @Test
    void servesATrainingUserFromTheModel() {
        for (RecommenderModel model : List.of(EASE, KNN, ALS, POPULAR)) {
            Recommendations answer = engine(model).recommend(RecommendQuery.forUser("u7", 10));

            assertThat(answer.strategy()).isEqualTo(ServingStrategy.MODEL);
            assertThat(ids(answer)).containsExactlyElementsOf(ids(model.recommend(user("u7"), 10)));
            float[] scores = new float[TRAINING.itemCount()];
            model.score(user("u7"), scores);
            for (RecommendedItem item : answer.items()) {
                assertThat(item.score()).isEqualTo(scores[item(item.itemId())]);
                assertThat(item.title()).contains("Title " + item.itemId());
            }
        }
    }

    @Test
    void foldInOfATrainingHistoryEqualsTheTrainingUsersAnswer() {
        for (String userId : List.of("u0", "u1", "u2", "u50")) {
            List<String> history = TRAINING_history(userId);
            for (RecommenderModel model : List.of(EASE, KNN)) {
                RecommendationEngine engine = engine(model);
                Recommendations known = engine.recommend(RecommendQuery.forUser(userId, 10));
                Recommendations folded = engine.recommend(RecommendQuery.forHistory(history, 10));

                assertThat(folded.strategy()).isEqualTo(ServingStrategy.FOLD_IN);
                assertThat(folded.items()).isEqualTo(known.items());
            }
            RecommendationEngine als = engine(ALS);
            List<RecommendedItem> known = als.recommend(RecommendQuery.forUser(userId, 10)).items();
            List<RecommendedItem> folded = als.recommend(RecommendQuery.forHistory(history, 10)).items();
            // Training solves by a few conjugate-gradient steps, fold-in exactly: close, not equal.
            assertThat(intersection(ids(folded), ids(known))).hasSizeGreaterThanOrEqualTo(8);
            for (int rank = 0; rank < 3; rank++) {
                assertThat(folded.get(rank).score()).isCloseTo(known.get(rank).score(), within(0.05));
            }
        }
    }

    @Test
    void recentInteractionsOfAKnownUserAreFoldedInAtOnce() {
        List<String> trained = TRAINING_history("u3");
        List<String> recent = new ArrayList<>();
        for (int item = 0; recent.size() < 3; item++) {
            if (!trained.contains("i" + item)) {
                recent.add("i" + item);
            }
        }
        List<String> everything = new ArrayList<>(trained);
        everything.addAll(recent);
        RecommendationEngine engine = engine(EASE);

        Recommendations answer = engine.recommend(RecommendQuery.forUser("u3", 10).withHistory(recent));

        assertThat(answer.strategy()).isEqualTo(ServingStrategy.FOLD_IN);
        assertThat(ids(answer)).doesNotContainAnyElementsOf(recent).doesNotContainAnyElementsOf(trained);
        assertThat(answer.items()).isEqualTo(engine.recommend(RecommendQuery.forHistory(everything, 10)).items());
        // Items already in the training history change nothing: the model serves it.
        assertThat(engine.recommend(RecommendQuery.forUser("u3", 10).withHistory(trained.subList(0, 2))).strategy())
                .isEqualTo(ServingStrategy.MODEL);
    }

    @Test
    void anUnknownUserWithoutHistoryGetsPopularity() {
        RecommendationEngine engine = engine(EASE);
        float[] popularity = new float[TRAINING.itemCount()];
        POPULAR.score(0, popularity);
        List<String> expected = ids(TopK.select(popularity, 10, new int[0]));

        for (RecommendQuery query : List.of(RecommendQuery.forUser("stranger", 10), RecommendQuery.anonymous(10))) {
            Recommendations answer = engine.recommend(query.withExplanations(2));

            assertThat(answer.strategy()).isEqualTo(ServingStrategy.POPULARITY_FALLBACK);
            assertThat(ids(answer)).containsExactlyElementsOf(expected);
            assertThat(answer.items().getFirst().because())
                    .contains(new Because(Because.Basis.POPULARITY, List.of()));
        }
    }

    @Test
    void unknownHistoryItemsAreIgnoredAndReported() {
        RecommendationEngine engine = engine(KNN);

        Recommendations answer = engine.recommend(RecommendQuery.forHistory(List.of("i1", "new-1", "i2", "new-1",
                "new-2", "i1"), 10));

        assertThat(answer.strategy()).isEqualTo(ServingStrategy.FOLD_IN);
        assertThat(answer.ignoredHistoryItemIds()).containsExactly("new-1", "new-2");
        assertThat(answer.items()).isEqualTo(engine.recommend(RecommendQuery.forHistory(List.of("i2", "i1"), 10))
                .items());

        Recommendations unusable = engine.recommend(RecommendQuery.forHistory(List.of("new-3"), 10));
        assertThat(unusable.strategy()).isEqualTo(ServingStrategy.POPULARITY_FALLBACK);
        assertThat(unusable.ignoredHistoryItemIds()).containsExactly("new-3");
        assertThat(unusable.items()).hasSize(10);
    }

    @Test
    void seenItemsAreExcludedUnlessTheQuerySaysOtherwise() {
        RecommendationEngine engine = engine(POPULAR);
        List<String> seen = TRAINING_history("u4");
        float[] popularity = new float[TRAINING.itemCount()];
        POPULAR.score(0, popularity);

        List<String> excluding = ids(engine.recommend(RecommendQuery.forUser("u4", 15)));
        List<String> including = ids(engine.recommend(RecommendQuery.forUser("u4", 15).withExcludeSeen(false)));

        assertThat(excluding).doesNotContainAnyElementsOf(seen);
        assertThat(including).containsExactlyElementsOf(ids(TopK.select(popularity, 15, new int[0])));
        assertThat(including).containsAnyElementsOf(seen);
    }

    @Test
    void eachFilterKeepsExactlyTheBestEligibleItems() {
        RecommendationEngine engine = engine(EASE);
        List<ItemFilters> filters = List.of(
                ItemFilters.none().includeGenres("g0"),
                ItemFilters.none().includeGenres("g2", "Comedy"),
                ItemFilters.none().excludeGenres("g1", "Comedy"),
                ItemFilters.none().availableIn("us", DAY),
                ItemFilters.none().availableIn("US", DAY.minusDays(1)),
                ItemFilters.none().availableIn("FR", DAY),
                ItemFilters.none().maxMaturity("PG"),
                ItemFilters.none().maxMaturity("NC-17"),
                ItemFilters.none().includeGenres("g0", "g1").excludeGenres("Comedy").availableIn("US", DAY)
                        .maxMaturity("R"));
        for (ItemFilters filter : filters) {
            for (String userId : List.of("u0", "u1", "u2")) {
                Recommendations answer = engine.recommend(RecommendQuery.forUser(userId, 8).withFilters(filter));

                assertThat(ids(answer)).as("%s for %s", filter, userId)
                        .containsExactlyElementsOf(reference(EASE, userId, 8, passes(filter)));
                assertThat(answer.items()).as("%s", filter).isNotEmpty();
            }
        }
    }

    @Test
    void availabilityStartsInclusiveAndEndsExclusive() {
        RecommendationEngine engine = engine(POPULAR);
        // Even items: US until DAY (exclusive); multiples of 3: everywhere from DAY.
        Set<String> before = Set.copyOf(ids(engine.recommend(RecommendQuery.anonymous(60)
                .withFilters(ItemFilters.none().availableIn("US", DAY.minusDays(1))))));
        Set<String> on = Set.copyOf(ids(engine.recommend(RecommendQuery.anonymous(60)
                .withFilters(ItemFilters.none().availableIn("US", DAY)))));

        assertThat(before).isEqualTo(itemsWhere(n -> n % 2 == 0));
        assertThat(on).isEqualTo(itemsWhere(n -> n % 3 == 0));
    }

    @Test
    void itemsMissingFromTheCatalogueHaveNoTitleAndPassNoFilter() {
        RecommendationEngine engine = engine(POPULAR);

        Recommendations unfiltered = engine.recommend(RecommendQuery.anonymous(60));
        Recommendations filtered = engine.recommend(RecommendQuery.anonymous(60)
                .withFilters(ItemFilters.none().excludeGenres("Western")));

        assertThat(unfiltered.items()).hasSize(60);
        RecommendedItem missing = unfiltered.items().stream().filter(item -> item.itemId().equals("i59"))
                .findFirst().orElseThrow();
        assertThat(missing.title()).isEmpty();
        assertThat(ids(filtered)).hasSize(59).doesNotContain("i59", "new-release");
        assertThat(ids(unfiltered)).doesNotContain("new-release");
    }

    @Test
    void filtersThatExcludeEverythingGiveAnEmptyAnswer() {
        Recommendations answer = engine(ALS).recommend(RecommendQuery.forUser("u1", 10).withExplanations(3)
                .withDiversity(0.5).withFilters(ItemFilters.none().includeGenres("Western")));

        assertThat(answer.items()).isEmpty();
        assertThat(answer.strategy()).isEqualTo(ServingStrategy.MODEL);
    }

    @Test
    void filtersAndGenreRulesNeedACatalogue() {
        RecommendationEngine engine = RecommendationEngine.builder(EASE).build();

        expectInvalid(() -> engine.recommend(RecommendQuery.anonymous(5)
                .withFilters(ItemFilters.none().maxMaturity("PG"))), "'filters' needs a catalogue");
        expectInvalid(() -> engine.recommend(RecommendQuery.anonymous(5).withRules(BusinessRules.none()
                .bury(BusinessRules.ItemSelector.genres("g0")))), "'bury' by genre needs a catalogue");
        expectInvalid(() -> engine.similar("i1", 5, ItemFilters.none().includeGenres("g0")), "'filters'");
        assertThat(engine.recommend(RecommendQuery.forUser("u1", 5)).items()).hasSize(5);
        expectInvalid(() -> engine(EASE).recommend(RecommendQuery.anonymous(5)
                .withFilters(ItemFilters.none().maxMaturity("X"))), "'maxMaturity' 'X' is not on the scale");
    }

    @Test
    void boostsChangeScoresByFactorOrAmount() {
        RecommendationEngine engine = engine(KNN);
        List<RecommendedItem> plain = engine.recommend(RecommendQuery.forUser("u5", 20)).items();
        RecommendedItem last = plain.getLast();

        List<RecommendedItem> multiplied = engine.recommend(RecommendQuery.forUser("u5", 20).withRules(
                BusinessRules.none().boost(BusinessRules.ItemSelector.items(last.itemId()),
                        BusinessRules.Operation.MULTIPLY, 1000))).items();
        assertThat(multiplied.getFirst().itemId()).isEqualTo(last.itemId());
        assertThat(multiplied.getFirst().score()).isCloseTo(last.score() * 1000, within(1e-3));

        List<RecommendedItem> added = engine.recommend(RecommendQuery.forUser("u5", 20).withRules(
                BusinessRules.none().boost(BusinessRules.ItemSelector.genres("g2"), BusinessRules.Operation.ADD,
                        100))).items();
        List<String> g2 = ids(engine.recommend(RecommendQuery.forUser("u5", 60)
                .withFilters(ItemFilters.none().includeGenres("g2"))));
        assertThat(ids(added.subList(0, Math.min(20, g2.size())))).containsExactlyElementsOf(
                g2.subList(0, Math.min(20, g2.size())));

        // A factor below 1 moves an item down whatever the sign of its score (EASE scores can be negative).
        float[] scores = new float[TRAINING.itemCount()];
        EASE.score(user("u5"), scores);
        int negative = IntStream.range(0, scores.length).filter(item -> scores[item] < 0
                && !TRAINING.contains(user("u5"), item)).findFirst().orElseThrow();
        String negativeId = TRAINING.itemId(negative);
        RecommendedItem halved = engine(EASE).recommend(RecommendQuery.forUser("u5", 60).withRules(BusinessRules
                .none().boost(BusinessRules.ItemSelector.items(negativeId), BusinessRules.Operation.MULTIPLY, 0.5)))
                .items().stream().filter(item -> item.itemId().equals(negativeId)).findFirst().orElseThrow();
        assertThat(halved.score()).isCloseTo(scores[negative] * 2.0, within(1e-6));
    }

    @Test
    void anItemSelectedByIdAndGenreIsBoostedOnce() {
        RecommendationEngine engine = engine(POPULAR);
        RecommendedItem top = engine.recommend(RecommendQuery.anonymous(1)).items().getFirst();
        String genre = CATALOGUE.item(top.itemId()).orElseThrow().genres().stream().filter(name -> name.startsWith("g"))
                .findFirst().orElseThrow();

        RecommendedItem boosted = engine.recommend(RecommendQuery.anonymous(1).withRules(BusinessRules.none().boost(
                new BusinessRules.ItemSelector(Set.of(top.itemId()), Set.of(genre)), BusinessRules.Operation.ADD,
                1))).items().getFirst();

        assertThat(boosted.score()).isEqualTo(top.score() + 1);
    }

    @Test
    void buriedItemsComeAfterAllOthers() {
        RecommendationEngine engine = engine(POPULAR);
        List<String> plain = ids(engine.recommend(RecommendQuery.anonymous(60)));

        List<String> buryTop = ids(engine.recommend(RecommendQuery.anonymous(10).withRules(BusinessRules.none()
                .bury(BusinessRules.ItemSelector.items(plain.get(0))))));
        assertThat(buryTop).containsExactlyElementsOf(plain.subList(1, 11));

        List<String> buryGenre = ids(engine.recommend(RecommendQuery.anonymous(60).withRules(BusinessRules.none()
                .bury(BusinessRules.ItemSelector.genres("g0")).bury(BusinessRules.ItemSelector.items("i59")))));
        Set<String> buried = itemsWhere(n -> n < 20 || n == 59);
        List<String> expected = new ArrayList<>(plain.stream().filter(id -> !buried.contains(id)).toList());
        expected.addAll(plain.stream().filter(buried::contains).toList());
        assertThat(buryGenre).containsExactlyElementsOf(expected);
    }

    @Test
    void pinsTakeTheirPositionsAndMoveUpWhenFewItemsRemain() {
        RecommendationEngine engine = engine(EASE);
        List<String> plain = ids(engine.recommend(RecommendQuery.forUser("u6", 30)));
        String first = plain.get(20);
        String third = plain.get(25);

        List<RecommendedItem> pinned = engine.recommend(RecommendQuery.forUser("u6", 6).withRules(
                BusinessRules.none().pin(third, 3).pin(first, 1))).items();
        assertThat(ids(pinned)).containsExactly(first, plain.get(0), third, plain.get(1), plain.get(2),
                plain.get(3));
        assertThat(pinned).extracting(RecommendedItem::pinned).containsExactly(true, false, true, false, false,
                false);

        // Only g2 items and the pin are eligible; with too few of them the pin at 10 follows the last.
        List<String> g2 = ids(engine.recommend(RecommendQuery.forUser("u6", 60)
                .withFilters(ItemFilters.none().includeGenres("g2").maxMaturity("G"))));
        String pinnedG2 = g2.getLast();
        Recommendations few = engine.recommend(RecommendQuery.forUser("u6", 60).withFilters(ItemFilters.none()
                .includeGenres("g2").maxMaturity("G")).withRules(BusinessRules.none().pin(pinnedG2, 60)));
        assertThat(ids(few).getLast()).isEqualTo(pinnedG2);
        assertThat(ids(few)).hasSize(g2.size());

        String seen = TRAINING_history("u6").getFirst();
        Recommendations ineligible = engine.recommend(RecommendQuery.forUser("u6", 5).withRules(
                BusinessRules.none().pin(seen, 1)));
        assertThat(ids(ineligible)).containsExactlyElementsOf(plain.subList(0, 5));
        assertThat(ineligible.ineligiblePins()).containsExactly(seen);
    }

    @Test
    void rejectsBadPinsAndRules() {
        RecommendationEngine engine = engine(EASE);
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withRules(BusinessRules.none()
                .pin("i1", 6))), "'pins' position 6 of item 'i1' is beyond k = 5");
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withRules(BusinessRules.none()
                .pin("i1", 1).pin("i1", 2))), "'pins' name item 'i1' twice");
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withRules(BusinessRules.none()
                .pin("i1", 2).pin("i3", 2))), "'pins' put two items at position 2");
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withRules(BusinessRules.none()
                .pin("nope", 2))), "'pins' item 'nope' is not in the model");
        expectInvalid(() -> BusinessRules.none().pin("i1", 0), "pin position must be at least 1");
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withRules(BusinessRules.none()
                .boost(BusinessRules.ItemSelector.items("nope"), BusinessRules.Operation.ADD, 1))),
                "'boost' item 'nope'");
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withRules(BusinessRules.none()
                .bury(BusinessRules.ItemSelector.items("nope")))), "'bury' item 'nope'");
        expectInvalid(() -> BusinessRules.none().boost(BusinessRules.ItemSelector.items("i1"),
                BusinessRules.Operation.MULTIPLY, 0), "boost factor");
        expectInvalid(() -> BusinessRules.none().boost(BusinessRules.ItemSelector.items("i1"),
                BusinessRules.Operation.ADD, Double.NaN), "boost amount");
    }

    @Test
    void diversityReRankingKeepsRelevanceAtLambdaOneAndDiversifiesBelow() {
        RecommendationEngine engine = engine(POPULAR);
        ItemUsers similarity = new ItemUsers(TRAINING);
        for (String userId : List.of("u0", "u1", "u2")) {
            RecommendQuery query = RecommendQuery.forUser(userId, 10);
            List<String> plain = ids(engine.recommend(query));

            assertThat(ids(engine.recommend(query.withDiversity(1)))).containsExactlyElementsOf(plain);
            List<String> diverse = ids(engine.recommend(query.withDiversity(0.3)));
            assertThat(diverse).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(
                    TRAINING_history(userId));
            assertThat(diverse.getFirst()).isEqualTo(plain.getFirst());
            assertThat(intraListSimilarity(diverse, similarity)).isLessThan(intraListSimilarity(plain, similarity));
            // Candidates come from the 5k most relevant.
            assertThat(ids(engine.recommend(query.withFilters(ItemFilters.none()).withDiversity(0)
                    .withExcludeSeen(true)))).isSubsetOf(ids(engine.recommend(RecommendQuery.forUser(userId, 50))));
        }
    }

    @Test
    void explanationsOfItemKnnAndEaseSumExactlyToTheScore() {
        for (RecommenderModel model : List.of(KNN, EASE)) {
            RecommendationEngine engine = engine(model);
            for (RecommendQuery query : List.of(RecommendQuery.forUser("u8", 5),
                    RecommendQuery.forHistory(List.of("i1", "i2", "i30"), 5))) {
                for (RecommendedItem item : engine.recommend(query.withExplanations(20)).items()) {
                    Because because = item.because().orElseThrow();
                    assertThat(because.basis()).isEqualTo(Because.Basis.HISTORY_ITEMS);
                    assertThat(sum(because)).isCloseTo(item.score(), within(1e-5));
                    assertThat(because.contributions()).extracting(Contribution::score)
                            .isSortedAccordingTo(Comparator.reverseOrder());
                    for (Contribution contribution : because.contributions()) {
                        assertThat(contribution.title()).isEqualTo(CATALOGUE.item(contribution.itemId())
                                .map(CatalogueItem::title));
                    }
                }
            }
        }
    }

    @Test
    void explanationsOfAlsFollowTheImplicitDecomposition() {
        RecommendationEngine engine = engine(ALS);
        for (RecommendedItem item : engine.recommend(RecommendQuery.forHistory(TRAINING_history("u9"), 5)
                .withExplanations(20)).items()) {
            assertThat(sum(item.because().orElseThrow())).isCloseTo(item.score(), within(1e-4));
        }
        // A training user is scored from the trained factors, which the decomposition approximates.
        for (RecommendedItem item : engine.recommend(RecommendQuery.forUser("u9", 5).withExplanations(20))
                .items()) {
            assertThat(sum(item.because().orElseThrow())).isCloseTo(item.score(), within(0.05));
        }
    }

    @Test
    void explanationsListTheLargestContributionsUpToTheLimit() {
        RecommendationEngine engine = engine(EASE);
        RecommendedItem full = engine.recommend(RecommendQuery.forUser("u10", 1).withExplanations(20)).items()
                .getFirst();
        RecommendedItem short2 = engine.recommend(RecommendQuery.forUser("u10", 1).withExplanations(2)).items()
                .getFirst();

        assertThat(short2.because().orElseThrow().contributions())
                .containsExactlyElementsOf(full.because().orElseThrow().contributions().subList(0, 2));
        assertThat(engine.recommend(RecommendQuery.forUser("u10", 1)).items().getFirst().because()).isEmpty();
        assertThat(engine(POPULAR).recommend(RecommendQuery.forUser("u10", 1).withExplanations(2)).items()
                .getFirst().because()).contains(new Because(Because.Basis.POPULARITY, List.of()));
    }

    @Test
    void rejectsBadQueriesNamingTheField() {
        RecommendationEngine engine = RecommendationEngine.builder(EASE).catalogue(CATALOGUE)
                .limits(new RecommendationLimits(50, 3, 4, 5, 8)).build();
        for (int k : new int[] {0, -1, 51, Integer.MAX_VALUE}) {
            expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", k)),
                    "'k' must be between 1 and 50: " + k);
            expectInvalid(() -> engine.similar("i1", k, ItemFilters.none()), "'k' must be between 1 and 50");
        }
        expectInvalid(() -> engine.recommend(RecommendQuery.forHistory(List.of("i1", "i2", "i3", "i4"), 5)),
                "'history' has 4 items, more than the limit of 3");
        expectInvalid(() -> engine.recommend(RecommendQuery.forHistory(List.of("i1", " "), 5)),
                "'history' item ids must not be blank");
        expectInvalid(() -> engine.recommend(RecommendQuery.forUser(" ", 5)), "'userId' must not be blank");
        for (double lambda : new double[] {-0.1, 1.5, Double.NaN}) {
            expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withDiversity(lambda)),
                    "'diversity' lambda must be between 0 and 1");
        }
        for (int count : new int[] {-1, 5}) {
            expectInvalid(() -> engine.recommend(RecommendQuery.forUser("u1", 5).withExplanations(count)),
                    "'explanationItems' must be between 0 and 4");
        }
        expectInvalid(() -> ItemFilters.none().availableIn("*", DAY), "filter region");
        expectInvalid(() -> ItemFilters.none().includeGenres(""), "filter genres must not be blank");
    }

    @Test
    void similarItemsUseFactorCosineForAls() {
        ImplicitAls.Model als = (ImplicitAls.Model) ALS;
        SimilarItems similar = engine(ALS).similar("i4", 10, ItemFilters.none());

        assertThat(similar.basis()).isEqualTo(SimilarItems.Basis.ITEM_FACTOR_COSINE);
        assertThat(ids(similar.items())).doesNotContain("i4").hasSize(10);
        assertThat(similar.items()).extracting(RecommendedItem::score).isSortedAccordingTo(Comparator.reverseOrder());
        float[] cosines = new float[TRAINING.itemCount()];
        for (int other = 0; other < cosines.length; other++) {
            cosines[other] = (float) cosine(als.itemFactors(), item("i4"), other, als.factors());
        }
        cosines[item("i4")] = Float.NaN;
        assertThat(ids(similar.items())).containsExactlyElementsOf(ids(TopK.select(cosines, 10, new int[0])));
        assertThat(similar.items().getFirst().score()).isCloseTo(cosines[item(similar.items().getFirst().itemId())],
                within(1e-5));
    }

    @Test
    void similarItemsUseTheModelsItemWeightsForItemKnnAndEase() {
        for (RecommenderModel model : List.of(KNN, EASE)) {
            SimilarItems similar = engine(model).similar("i25", 10, ItemFilters.none());
            float[] weights = new float[TRAINING.itemCount()];
            model.scoreHistory(new int[] {item("i25")}, weights);

            assertThat(similar.basis()).isEqualTo(SimilarItems.Basis.MODEL_ITEM_WEIGHTS);
            assertThat(ids(similar.items())).doesNotContain("i25");
            for (RecommendedItem item : similar.items()) {
                assertThat(item.score()).isEqualTo(weights[item(item.itemId())]).isPositive();
            }
            assertThat(ids(similar.items())).containsExactlyElementsOf(ids(TopK.select(weights, 10,
                    new int[] {item("i25")})).stream().filter(id -> weights[item(id)] > 0).toList());
        }
    }

    @Test
    void similarItemsUseCooccurrenceCosineOtherwiseAndHonourFilters() {
        SimilarItems similar = engine(POPULAR).similar("i41", 5, ItemFilters.none());
        assertThat(similar.basis()).isEqualTo(SimilarItems.Basis.COOCCURRENCE_COSINE);
        for (RecommendedItem item : similar.items()) {
            assertThat(item.score()).isCloseTo(cooccurrenceCosine(item("i41"), item(item.itemId())), within(1e-6));
        }

        SimilarItems filtered = engine(ALS).similar("i41", 5, ItemFilters.none().includeGenres("g0"));
        assertThat(filtered.items()).isNotEmpty().allSatisfy(item -> assertThat(
                CATALOGUE.item(item.itemId()).orElseThrow().genres()).contains("g0"));
        expectInvalid(() -> engine(ALS).similar("nope", 5, ItemFilters.none()), "item 'nope' is not in the model");
    }

    @Test
    void availabilityMasksStayCorrectWhenTheCacheTurnsOver() {
        RecommendationEngine small = RecommendationEngine.builder(EASE).catalogue(CATALOGUE)
                .limits(new RecommendationLimits(100, 100, 10, 5, 1)).build();
        RecommendationEngine large = engine(EASE);
        for (int round = 0; round < 3; round++) {
            for (LocalDate date : List.of(DAY, DAY.minusDays(1), DAY.plusDays(400))) {
                for (String region : List.of("US", "GB")) {
                    RecommendQuery query = RecommendQuery.forUser("u2", 10)
                            .withFilters(ItemFilters.none().availableIn(region, date));
                    assertThat(small.recommend(query)).isEqualTo(large.recommend(query));
                }
            }
        }
    }

    @Test
    void concurrentQueriesGetTheSameAnswersAsSequentialOnes() {
        RecommendationEngine engine = engine(ALS);
        List<RecommendQuery> queries = IntStream.range(0, 150).mapToObj(user -> RecommendQuery.forUser("u" + user, 5)
                .withExplanations(2).withFilters(user % 2 == 0 ? ItemFilters.none()
                        : ItemFilters.none().availableIn("US", DAY.minusDays(user)))).toList();
        List<Recommendations> sequential = queries.stream().map(engine::recommend).toList();

        assertThat(queries.parallelStream().map(engine::recommend).toList()).isEqualTo(sequential);
    }

    // --- fixtures and references

    private static Catalogue catalogue() {
        List<CatalogueItem> items = new ArrayList<>();
        for (int n = 0; n < 59; n++) {
            Set<String> genres = n % 4 == 0 ? Set.of("g" + n / 20, "Comedy") : Set.of("g" + n / 20);
            Optional<String> maturity = n % 7 == 0 ? Optional.empty() : Optional.of(RATINGS.get(n % 5));
            List<AvailabilityWindow> windows = new ArrayList<>();
            if (n % 2 == 0) {
                windows.add(new AvailabilityWindow("US", LocalDate.of(2024, 1, 1), DAY));
            }
            if (n % 3 == 0) {
                windows.add(new AvailabilityWindow("*", DAY, LocalDate.MAX));
            }
            items.add(new CatalogueItem("i" + n, "Title i" + n, genres, Optional.of(LocalDate.of(2000 + n, 1, 1)),
                    maturity, windows));
        }
        items.add(new CatalogueItem("new-release", "Not in the model", Set.of("g0"), Optional.empty(),
                Optional.of("G"), List.of(new AvailabilityWindow("*", LocalDate.of(2024, 1, 1), LocalDate.MAX))));
        return Catalogue.of(MaturityScale.motionPicture(), items);
    }

    private static RecommendationEngine engine(RecommenderModel model) {
        return RecommendationEngine.builder(model).catalogue(CATALOGUE).popularity(POPULAR).build();
    }

    /** What a filter admits, decided from the catalogue item by item. */
    private static Predicate<String> passes(ItemFilters filters) {
        return id -> {
            Optional<CatalogueItem> found = CATALOGUE.item(id);
            if (found.isEmpty()) {
                return false;
            }
            CatalogueItem item = found.get();
            if (!filters.includeGenres().isEmpty()
                    && filters.includeGenres().stream().noneMatch(item.genres()::contains)) {
                return false;
            }
            if (filters.excludeGenres().stream().anyMatch(item.genres()::contains)) {
                return false;
            }
            if (filters.maxMaturity().isPresent() && (item.maturity().isEmpty()
                    || RATINGS.indexOf(item.maturity().get()) > RATINGS.indexOf(filters.maxMaturity().get()))) {
                return false;
            }
            return filters.availableIn().isEmpty() || item.availability().stream().anyMatch(window -> window.covers(
                    filters.availableIn().get().region(), filters.availableIn().get().date()));
        };
    }

    /** The best {@code k} unseen items passing {@code eligible}, by brute force. */
    private static List<String> reference(RecommenderModel model, String userId, int k, Predicate<String> eligible) {
        float[] scores = new float[TRAINING.itemCount()];
        model.score(user(userId), scores);
        return IntStream.range(0, scores.length).boxed()
                .filter(item -> !TRAINING.contains(user(userId), item) && eligible.test(TRAINING.itemId(item)))
                .sorted(Comparator.comparingDouble((Integer item) -> -scores[item]).thenComparingInt(item -> item))
                .limit(k).map(TRAINING::itemId).toList();
    }

    private static Set<String> itemsWhere(java.util.function.IntPredicate condition) {
        Set<String> ids = new HashSet<>();
        for (int n = 0; n < 60; n++) {
            if (condition.test(n)) {
                ids.add("i" + n);
            }
        }
        return ids;
    }

    private static double intraListSimilarity(List<String> ids, ItemUsers similarity) {
        double sum = 0;
        for (int first = 0; first < ids.size(); first++) {
            for (int second = first + 1; second < ids.size(); second++) {
                sum += similarity.cosine(item(ids.get(first)), item(ids.get(second)));
            }
        }
        return sum;
    }

    private static double cooccurrenceCosine(int first, int second) {
        int common = 0;
        int firstCount = 0;
        int secondCount = 0;
        for (int user = 0; user < TRAINING.userCount(); user++) {
            boolean hasFirst = TRAINING.contains(user, first);
            boolean hasSecond = TRAINING.contains(user, second);
            firstCount += hasFirst ? 1 : 0;
            secondCount += hasSecond ? 1 : 0;
            common += hasFirst && hasSecond ? 1 : 0;
        }
        return common / Math.sqrt((double) firstCount * secondCount);
    }

    private static double cosine(float[] factors, int first, int second, int size) {
        double dot = 0;
        double firstNorm = 0;
        double secondNorm = 0;
        for (int factor = 0; factor < size; factor++) {
            dot += factors[first * size + factor] * factors[second * size + factor];
            firstNorm += factors[first * size + factor] * factors[first * size + factor];
            secondNorm += factors[second * size + factor] * factors[second * size + factor];
        }
        return dot / Math.sqrt(firstNorm * secondNorm);
    }

    private static double sum(Because because) {
        return because.contributions().stream().mapToDouble(Contribution::score).sum();
    }

    private static List<String> intersection(List<String> first, List<String> second) {
        return first.stream().filter(second::contains).toList();
    }

    private static List<String> TRAINING_history(String userId) {
        return Arrays.stream(TRAINING.itemsOf(user(userId))).mapToObj(TRAINING::itemId).toList();
    }

    private static int user(String id) {
        return TRAINING.userIndex(id).orElseThrow();
    }

    private static int item(String id) {
        return TRAINING.itemIndex(id).orElseThrow();
    }

    private static List<String> ids(Recommendations answer) {
        return ids(answer.items());
    }

    private static List<String> ids(List<RecommendedItem> items) {
        return items.stream().map(RecommendedItem::itemId).toList();
    }

    private static List<String> ids(int[] items) {
        return Arrays.stream(items).mapToObj(TRAINING::itemId).toList();
    }

    private static void expectInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MarqueeException.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(message);
    }
}
