package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code random_forest}: scikit-learn's random forest on histogram CART trees (see {@link DecisionTree}). Each tree
 * grows on a bootstrap sample of the rows, considering a random subset of the features at every split; the forest
 * predicts the mean of its trees' class probabilities or values.
 *
 * <p>Parameters: those of {@code decision_tree}, except that {@code max_features} defaults to {@code auto}: sqrt of
 * the feature count for classification and all features for regression, scikit-learn's defaults since 1.1; plus
 * <ul>
 *   <li>{@code trees} (1 to 10,000, default 100): the number of trees, scikit-learn's {@code n_estimators}.
 *   <li>{@code bootstrap} ({@code true} or {@code false}, default true): grow each tree on a bootstrap sample (rows
 *       drawn with replacement, as many as there are) instead of on all rows.
 * </ul>
 *
 * <p>Trees grow in parallel, one per available processor. Every tree draws from its own generator, seeded from the
 * training seed and its index before any tree starts, so the forest is the same however the threads interleave.
 */
public final class RandomForest implements Algorithm {
    public static final String NAME = "random_forest";

    static final String TREES = "trees";
    static final String BOOTSTRAP = "bootstrap";
    private static final int DEFAULT_TREES = 100;
    private static final int MOST_TREES = 10_000;
    /** The share of the progress that binning the features takes. */
    private static final double BINNING_SHARE = 0.02;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        return ParameterReader.resolve(NAME, parameters, Settings::read);
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        Settings settings = ParameterReader.read(NAME, parameters, Settings::read);
        TreeParameters tree = settings.tree();
        int maxFeatures = tree.maxFeatures().resolve(NAME, data.task(), data.featureCount());
        context.checkCancelled();

        TreeTraining training = TreeTraining.prepare(data, tree.maxBins(), context.seed());
        context.progress().progress(BINNING_SHARE, "binned %d features of %d rows".formatted(
                data.featureCount(), data.rowCount()));
        long[] seeds = new SplittableRandom(context.seed()).longs(settings.trees()).toArray();
        AtomicBoolean abandoned = new AtomicBoolean();
        Runnable cancellation = () -> {
            context.checkCancelled();
            if (abandoned.get()) {
                throw new CancellationException("another tree failed");
            }
        };
        GrownCounter counter = new GrownCounter(settings.trees(), context);
        int threads = Math.min(settings.trees(), Runtime.getRuntime().availableProcessors());
        List<Tree> trees = new ArrayList<>(settings.trees());
        try (ExecutorService executor =
                Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(NAME + "-", 0).factory())) {
            List<Future<Tree>> futures = new ArrayList<>(settings.trees());
            for (int index = 0; index < settings.trees(); index++) {
                long seed = seeds[index];
                futures.add(executor.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    TreeBuilder builder = training.builder(
                            weights(training.rowCount(), settings.bootstrap(), random),
                            tree,
                            maxFeatures,
                            random,
                            cancellation,
                            TreeBuilder.Progress.NONE);
                    Tree grown = builder.grow();
                    counter.grown(builder.leafCount(), builder.depth());
                    return grown;
                }));
            }
            try {
                for (Future<Tree> future : futures) {
                    trees.add(future.get());
                }
            }
            catch (InterruptedException e) {
                abandoned.set(true);
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while growing trees");
            }
            catch (ExecutionException e) {
                abandoned.set(true);
                switch (e.getCause()) {
                    case RuntimeException cause -> throw cause;
                    case Error cause -> throw cause;
                    default -> throw new IllegalStateException("growing a tree failed", e.getCause());
                }
            }
        }
        context.progress().progress(1, "grew %d trees".formatted(trees.size()));
        return new RandomForestModel(data.featureCount(), trees);
    }

    @Override
    public Class<RandomForestModel> modelType() {
        return RandomForestModel.class;
    }

    /** How often each row counts in one tree: its draw count in a bootstrap sample, or 1 for every row. */
    private static double[] weights(int rows, boolean bootstrap, SplittableRandom random) {
        double[] weights = new double[rows];
        if (!bootstrap) {
            Arrays.fill(weights, 1);
            return weights;
        }
        for (int draw = 0; draw < rows; draw++) {
            weights[random.nextInt(rows)]++;
        }
        return weights;
    }

    /** Reports one progress step per grown tree, in the order they finish. Thread-safe. */
    private static final class GrownCounter {
        private final int trees;
        private final TrainingContext context;
        private int grown;

        GrownCounter(int trees, TrainingContext context) {
            this.trees = trees;
            this.context = context;
        }

        synchronized void grown(int leaves, int depth) {
            grown++;
            context.progress().progress(
                    BINNING_SHARE + (1 - BINNING_SHARE) * grown / trees,
                    "tree %d/%d grown: %d leaves, depth %d".formatted(grown, trees, leaves, depth));
        }
    }

    private record Settings(TreeParameters tree, int trees, boolean bootstrap) {
        static Settings read(ParameterReader reader) {
            TreeParameters tree = TreeParameters.read(reader, TreeParameters.MaxFeatures.AUTO, true);
            int trees = reader.integer(
                    TREES, DEFAULT_TREES, value -> value >= 1 && value <= MOST_TREES, "be between 1 and " + MOST_TREES);
            boolean bootstrap = reader.flag(BOOTSTRAP, true);
            return new Settings(tree, trees, bootstrap);
        }
    }
}
