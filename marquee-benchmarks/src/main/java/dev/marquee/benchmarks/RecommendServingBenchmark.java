package dev.marquee.benchmarks;

import dev.marquee.recommend.BusinessRules;
import dev.marquee.recommend.ImplicitAls;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RecommendQuery;
import dev.marquee.recommend.RecommendationEngine;
import dev.marquee.recommend.Recommendations;
import dev.marquee.recommend.RecommenderModel;
import dev.marquee.recommend.SyntheticInteractions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code RecommendationEngine.recommend} top-10 for a known user (seen items excluded) over implicit ALS factors,
 * 50,000 items × 64 factors: the exact item index path against full scoring (every item scored into an array, then
 * {@code TopK}). Full scoring is forced by a no-op rule (a boost by 1 of one item), which sends a request down the full
 * path without changing its answer. Users rotate over the first 1,000 so no answer is cached by the CPU.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecommendServingBenchmark {
    private static final int ROTATED_USERS = 1_000;

    @Param("50000")
    int items;

    @Param("64")
    int factors;

    private RecommendationEngine engine;
    private RecommendQuery[] indexQueries;
    private RecommendQuery[] fullQueries;
    private int next;

    @Setup
    public void setUp() {
        Interactions training = SyntheticInteractions.generate(5_000, items, 150_000, 7);
        RecommenderModel model = new ImplicitAls(factors, 1, 0.01, 3, 3, 7).fit(training);
        engine = RecommendationEngine.builder(model).build();
        BusinessRules noOp = BusinessRules.none().boost(
                new BusinessRules.ItemSelector(Set.of(training.itemId(0)), Set.of()), BusinessRules.Operation.MULTIPLY,
                1);
        indexQueries = new RecommendQuery[ROTATED_USERS];
        fullQueries = new RecommendQuery[ROTATED_USERS];
        for (int user = 0; user < ROTATED_USERS; user++) {
            indexQueries[user] = RecommendQuery.forUser(training.userId(user), 10);
            fullQueries[user] = indexQueries[user].withRules(noOp);
        }
    }

    @Benchmark
    public Recommendations indexPath() {
        next = (next + 1) % ROTATED_USERS;
        return engine.recommend(indexQueries[next]);
    }

    @Benchmark
    public Recommendations fullScoring() {
        next = (next + 1) % ROTATED_USERS;
        return engine.recommend(fullQueries[next]);
    }
}
