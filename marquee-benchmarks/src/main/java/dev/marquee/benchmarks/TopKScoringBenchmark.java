package dev.marquee.benchmarks;

import dev.marquee.recommend.ExactItemIndex;
import dev.marquee.recommend.FactorScoring;
import dev.marquee.recommend.TopK;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * Exact top-10 for one user of a factor model (issue 5 goal: 50,000 items at 64 factors in at most 1 ms): the Vector
 * API scorer behind {@link ExactItemIndex} against the plain loop, both followed by the same {@link TopK} selection
 * over the scores with the user's 100 seen items excluded.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TopKScoringBenchmark {
    @Param("50000")
    int items;

    @Param("64")
    int factors;

    private float[] itemFactors;
    private float[] user;
    private int[] seen;
    private float[] scores;
    private ExactItemIndex index;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        itemFactors = new float[items * factors];
        for (int index = 0; index < itemFactors.length; index++) {
            itemFactors[index] = (float) (random.nextGaussian() * 0.1);
        }
        user = new float[factors];
        for (int index = 0; index < factors; index++) {
            user[index] = (float) random.nextGaussian();
        }
        seen = IntStream.generate(() -> random.nextInt(items)).distinct().limit(100).sorted().toArray();
        scores = new float[items];
        index = new ExactItemIndex(itemFactors, factors);
    }

    @Benchmark
    public int[] vectorTopTen() {
        return index.search(user, 10, seen);
    }

    @Benchmark
    public int[] plainTopTen() {
        FactorScoring.scoreAllPlain(user, 0, itemFactors, factors, scores);
        return TopK.select(scores, 10, seen);
    }
}
