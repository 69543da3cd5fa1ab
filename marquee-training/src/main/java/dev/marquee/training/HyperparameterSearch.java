package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Algorithm;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Task;
import dev.marquee.core.TuningReport;
import dev.marquee.core.TuningReport.Score;
import dev.marquee.core.TuningReport.Trial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs the trials of a {@link TuningSpec} on a bounded pool and picks the best. Each trial is deterministic (same
 * folds, same seed), and trials are collected in trial order, so the trial table does not depend on how many run at
 * once or in which order they finish; only the recorded fit times do.
 */
final class HyperparameterSearch {
    private static final Set<String> CLASSIFICATION_METRICS = Set.of(
            "accuracy", "precision_macro", "recall_macro", "f1_macro", "log_loss", "roc_auc", "pr_auc",
            "calibration_error");
    private static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "r2");
    private static final Set<String> LOWER_IS_BETTER = Set.of("log_loss", "calibration_error", "rmse", "mae");

    private final Algorithm algorithm;
    private final Map<String, String> fixedParameters;
    private final TuningSpec tuning;
    private final String metric;
    private final List<Map<String, String>> candidates;

    /**
     * Checks the search against the algorithm and task before any trial runs.
     *
     * @param fixedParameters the caller's fixed parameters, as given (not resolved)
     * @throws MarqueeException INVALID_ARGUMENT for a searched parameter the algorithm does not have or that is also
     *     fixed, a metric the task does not report, or a grid above {@value TuningSpec#MAX_TRIALS} combinations
     */
    HyperparameterSearch(
            Algorithm algorithm, Map<String, String> fixedParameters, TuningSpec tuning, Task task, long seed) {
        this.algorithm = requireNonNull(algorithm, "algorithm is null");
        this.fixedParameters = Map.copyOf(requireNonNull(fixedParameters, "fixedParameters is null"));
        this.tuning = requireNonNull(tuning, "tuning is null");
        Set<String> known = new TreeSet<>(algorithm.resolveParameters(fixedParameters).keySet());
        for (String name : tuning.space().keySet()) {
            if (!known.contains(name)) {
                throw MarqueeException.invalid(
                        "tuning space: unknown parameter '%s' for %s; known parameters are %s",
                        name,
                        algorithm.name(),
                        known);
            }
            if (fixedParameters.containsKey(name)) {
                throw MarqueeException.invalid(
                        "parameter '%s' is both fixed and searched; remove it from parameters or from the tuning space",
                        name);
            }
        }
        this.metric = metric(tuning, task);
        this.candidates = switch (tuning.method()) {
            case GRID -> SearchSpaces.grid(tuning.space());
            case RANDOM -> SearchSpaces.random(tuning.space(), tuning.trials(), seed);
        };
    }

    String metric() {
        return metric;
    }

    int trials() {
        return candidates.size();
    }

    /**
     * Runs every trial and returns the report with the best trial's parameters.
     *
     * @param progress receives 0 to 1 as trials finish, with the best score so far
     * @throws MarqueeException INVALID_ARGUMENT when every trial failed, quoting the first failure
     * @throws CancellationException once {@code cancelled} answers true or the calling thread is interrupted
     */
    TuningReport run(CrossValidation validation, ProgressListener progress, BooleanSupplier cancelled) {
        AtomicBoolean stopped = new AtomicBoolean();
        BooleanSupplier stop = () -> stopped.get() || cancelled.getAsBoolean();
        Progress tracker = new Progress(progress);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(tuning.parallelism(), candidates.size()),
                runnable -> {
                    Thread thread = new Thread(runnable, "marquee-tuning-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Trial>> futures = new ArrayList<>();
            for (int index = 0; index < candidates.size(); index++) {
                int number = index + 1;
                Map<String, String> values = candidates.get(index);
                futures.add(pool.submit(() -> {
                    if (stop.getAsBoolean()) {
                        throw new CancellationException("training cancelled");
                    }
                    return tracker.finished(trial(number, values, validation, stop));
                }));
            }
            List<Trial> trials = new ArrayList<>();
            for (Future<Trial> future : futures) {
                trials.add(await(future));
            }
            Trial best = best(trials).orElseThrow(() -> MarqueeException.invalid(
                    "every one of the %d tuning trials failed; trial 1: %s",
                    trials.size(),
                    trials.getFirst().failure().orElseThrow()));
            return new TuningReport(tuning.method().displayName(), metric, trials, best.parameters());
        } finally {
            stopped.set(true);
            pool.shutdownNow();
        }
    }

    private Trial trial(int number, Map<String, String> values, CrossValidation validation, BooleanSupplier stop) {
        long start = System.nanoTime();
        try {
            Map<String, String> parameters = new HashMap<>(fixedParameters);
            parameters.putAll(values);
            Score score = validation.evaluate(algorithm.resolveParameters(parameters), stop).get(metric);
            if (score == null || !Double.isFinite(score.mean())) {
                return failed(number, values, start, "metric '%s' is %s on the validation folds"
                        .formatted(metric, score == null ? "undefined" : score.mean()));
            }
            return new Trial(number, values, Optional.of(score), elapsed(start), Optional.empty());
        } catch (CancellationException e) {
            throw e;
        } catch (MarqueeException e) {
            return failed(number, values, start, e.getMessage());
        } catch (RuntimeException e) {
            // A combination an algorithm cannot handle must not end the search; the table records why.
            return failed(number, values, start, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Trial failed(int number, Map<String, String> values, long start, String reason) {
        return new Trial(number, values, Optional.empty(), elapsed(start), Optional.of(reason));
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Trial await(Future<Trial> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("training interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("tuning trial failed", e.getCause());
            }
        }
    }

    /** The succeeded trial with the best mean; the earliest among equals. */
    private Optional<Trial> best(List<Trial> trials) {
        Trial best = null;
        for (Trial trial : trials) {
            if (trial.succeeded() && (best == null || better(trial, best))) {
                best = trial;
            }
        }
        return Optional.ofNullable(best);
    }

    private boolean better(Trial trial, Trial than) {
        double mean = trial.score().orElseThrow().mean();
        double other = than.score().orElseThrow().mean();
        return LOWER_IS_BETTER.contains(metric) ? mean < other : mean > other;
    }

    private static String metric(TuningSpec tuning, Task task) {
        Set<String> known = switch (task) {
            case CLASSIFICATION -> CLASSIFICATION_METRICS;
            case REGRESSION -> REGRESSION_METRICS;
        };
        String metric = tuning.metric().orElse(switch (task) {
            case CLASSIFICATION -> "accuracy";
            case REGRESSION -> "rmse";
        });
        if (!known.contains(metric)) {
            throw MarqueeException.invalid(
                    "tuning metric '%s' is not a %s metric; choose one of %s",
                    metric,
                    task.name().toLowerCase(Locale.ROOT),
                    new TreeSet<>(known));
        }
        return metric;
    }

    /** Reports finished trials in order of completion with a non-decreasing fraction. */
    private final class Progress {
        private final ProgressListener listener;
        private int finished;
        private Trial best;

        Progress(ProgressListener listener) {
            this.listener = listener;
        }

        synchronized Trial finished(Trial trial) {
            finished++;
            if (trial.succeeded() && (best == null || better(trial, best))) {
                best = trial;
            }
            listener.progress(
                    finished / (double) candidates.size(),
                    "trial %d/%d done; %s".formatted(
                            finished,
                            candidates.size(),
                            best == null
                                    ? "no trial has succeeded yet"
                                    : "best %s %.4f with %s".formatted(
                                            metric, best.score().orElseThrow().mean(), best.parameters())));
            return trial;
        }
    }
}
