package dev.marquee.cli;

import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.BiasedFactorisationAls;
import dev.marquee.recommend.BiasedFactorisationSgd;
import dev.marquee.recommend.Bpr;
import dev.marquee.recommend.Ease;
import dev.marquee.recommend.Evaluation;
import dev.marquee.recommend.Evaluator;
import dev.marquee.recommend.FactorModel;
import dev.marquee.recommend.ImplicitAls;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.InteractionReader;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.ItemIndexSettings;
import dev.marquee.recommend.ItemKnn;
import dev.marquee.recommend.MostPopular;
import dev.marquee.recommend.RatingScale;
import dev.marquee.recommend.Recommender;
import dev.marquee.recommend.Split;
import dev.marquee.recommend.Splits;
import dev.marquee.recommend.SyntheticInteractions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = {
            "Splits an interaction file by a RecBole protocol, trains most-popular, item-kNN, EASE, BPR and implicit "
                    + "ALS (hyper-parameters chosen on the validation part) and prints NDCG@10, Recall@10, MRR@10 on "
                    + "the test part (full ranking, binary relevance) with the fit time. A file with ratings also gets "
                    + "rating prediction: biased matrix factorisation (SGD and ALS) chosen on validation RMSE, then "
                    + "its 5-fold cross-validated RMSE and MAE.",
            "On MovieLens-100K (--format movielens-udata, your u.data) and FilmTrust with the per-user-random "
                    + "protocol, the best models are compared with published results (RecBole BPR NDCG@10 0.2768, "
                    + "Recall@10 0.2368, MRR@10 0.4519; Surprise SVD RMSE 0.934, SVD++ 0.919).",
            "When marquee-spark is built (./mvnw -Pspark package -DskipTests -pl marquee-spark), Spark MLlib implicit "
                    + "ALS runs in a separate JVM on the same split with the same rank, iterations, alpha and an "
                    + "equivalent regParam, and the table shows the fit-time ratio.",
            "--generated replaces the file by a seeded long-tail set (100,000 users x 50,000 items x 10,000,000 "
                    + "interactions by default; run the JVM with -Xmx4g, e.g. MARQUEE_JAVA_OPTS=-Xmx4g) and adds "
                    + "single-user top-10 latency, exact and HNSW, with the HNSW recall@10."})
final class RecommendBenchCommand extends CommandBase {
    enum Format {
        FILMTRUST(InteractionFormat.FILMTRUST),
        MOVIELENS_UDATA(InteractionFormat.MOVIELENS_100K),
        MOVIELENS_DAT(InteractionFormat.MOVIELENS_1M),
        CSV(InteractionFormat.CSV),
        TSV(InteractionFormat.TSV);

        final InteractionFormat format;

        Format(InteractionFormat format) {
            this.format = format;
        }

        static Format parse(String text) {
            for (Format candidate : values()) {
                if (candidate.label().equals(text)) {
                    return candidate;
                }
            }
            throw MarqueeException.invalid("--format must be one of filmtrust, movielens-udata, movielens-dat, csv, "
                    + "tsv: '%s'", text);
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    enum Protocol {
        PER_USER_RANDOM, LEAVE_LAST_OUT, TEMPORAL;

        static Protocol parse(String text) {
            for (Protocol candidate : values()) {
                if (candidate.label().equals(text)) {
                    return candidate;
                }
            }
            throw MarqueeException.invalid("--protocol must be one of per-user-random, leave-last-out, temporal: '%s'",
                    text);
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * NDCG@10 values this close are "equal" for the goal: equal at the four decimals printed (another random split
     * moves NDCG@10 by about ±0.01, so smaller differences are not evidence either way).
     */
    private static final double EQUAL_NDCG = 0.00005;

    @Option(names = "--data", defaultValue = "../shared/data/filmtrust/ratings.txt",
            description = "interaction file (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--format", defaultValue = "filmtrust",
            description = "filmtrust, movielens-udata (u.data), movielens-dat (ratings.dat), csv or tsv with a "
                    + "user,item[,rating][,timestamp] header (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--protocol", defaultValue = "per-user-random",
            description = "per-user-random (80/10/10 per user), leave-last-out (by time) or temporal (global 80/10/10 "
                    + "by time) (default ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--seed", defaultValue = "2020",
            description = "split, generator and ALS seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--generated", description = "use the generated long-tail set instead of --data")
    boolean generated;

    @Option(names = "--users", defaultValue = "100000", description = "generated users (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--items", defaultValue = "50000", description = "generated items (default ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--interactions", defaultValue = "10000000",
            description = "generated interactions, about (default ${DEFAULT-VALUE})")
    long interactions;

    @Option(names = "--factors", defaultValue = "64", description = "ALS rank (default ${DEFAULT-VALUE})")
    int factors;

    @Option(names = "--iterations", defaultValue = "15", description = "ALS iterations (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--cg-steps", defaultValue = "3",
            description = "ALS conjugate-gradient steps per solve (default ${DEFAULT-VALUE})")
    int conjugateGradientSteps;

    @Option(names = "--weighted-regularization",
            description = "ALS regularization scaled by each user's and item's interactions (ALS-WR, Spark's scheme); "
                    + "Spark then gets the same value as regParam")
    boolean weightedRegularization;

    @Option(names = "--alpha", split = ",", defaultValue = "10,30,50",
            description = "ALS confidence weights tried on validation (default ${DEFAULT-VALUE}; --generated takes "
                    + "the first)")
    List<Double> alphas;

    @Option(names = "--regularization", split = ",", defaultValue = "30,70,100,150",
            description = "ALS regularizations tried on validation (default ${DEFAULT-VALUE}; --generated takes the "
                    + "first)")
    List<Double> regularizations;

    @Option(names = "--latency-users", defaultValue = "2000",
            description = "users timed for single-user top-10 with --generated (default ${DEFAULT-VALUE})")
    int latencyUsers;

    @Option(names = "--spark-jar", defaultValue = "marquee-spark/target/marquee-spark.jar",
            description = "the built marquee-spark jar, with its lib/ beside it (default ${DEFAULT-VALUE})")
    Path sparkJar;

    @Option(names = "--spark-java", description = "java for the Spark JVM, Java 17 or newer (default: this JVM's)")
    String sparkJava;

    @Option(names = "--spark-heap", defaultValue = "6g",
            description = "heap of the Spark JVM (default ${DEFAULT-VALUE})")
    String sparkHeap;

    @Option(names = "--threads", defaultValue = "2", description = "Spark local[N] threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--no-baseline", description = "skip Spark even when it is built")
    boolean noBaseline;

    @Option(names = "--output", defaultValue = "bench-results/recommend.json",
            description = "where the JSON results go (default ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        }
        catch (MarqueeException e) {
            err().println("error: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws IOException {
        Format fileFormat = Format.parse(format);
        Protocol splitProtocol = Protocol.parse(protocol);
        if (factors < 1 || iterations < 1 || conjugateGradientSteps < 1 || latencyUsers < 1 || threads < 1
                || alphas.isEmpty() || regularizations.isEmpty()) {
            throw MarqueeException.invalid("--factors, --iterations, --cg-steps, --latency-users and --threads must be "
                    + "at least 1, --alpha and --regularization non-empty");
        }
        if (!generated && !Files.isRegularFile(data)) {
            throw MarqueeException.invalid("--data: no such file '%s'", data);
        }
        RecommendBenchmark benchmark = new RecommendBenchmark(err());
        List<RecommendBenchmark.Result> results = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        try (RecommendBenchmark.HeapWatch heap = new RecommendBenchmark.HeapWatch()) {
            long started = System.nanoTime();
            Interactions all = generated
                    ? SyntheticInteractions.generate(users, items, interactions, seed)
                    : InteractionReader.read(data, fileFormat.format);
            String dataset = generated
                    ? "generated %d x %d".formatted(all.userCount(), all.itemCount())
                    : data.getFileName().toString();
            err().printf(Locale.ROOT, "%s: %,d users, %,d items, %,d interactions (%s %.1f s)%n", dataset,
                    all.userCount(), all.itemCount(), all.size(), generated ? "generated" : "read",
                    (System.nanoTime() - started) / 1e9);
            Split split = switch (splitProtocol) {
                case PER_USER_RANDOM -> Splits.perUserRandom(all, 0.8, 0.1, 0.1, seed);
                case LEAVE_LAST_OUT -> Splits.leaveLastOut(all);
                case TEMPORAL -> Splits.globalTemporal(all, 0.8, 0.1, 0.1);
            };
            err().printf(Locale.ROOT, "%s split: train %,d, validation %,d, test %,d%n", splitProtocol.label(),
                    split.train().size(), split.validation().size(), split.test().size());
            Optional<RecommendBenchmark.RatingResult> rating = Optional.empty();
            if (!generated && all.hasRatings()) {
                err().println("rating prediction (chosen on validation RMSE, then 5-fold cross-validation):");
                RatingScale scale = RatingScale.spanning(all);
                rating = Optional.of(benchmark.rate(dataset, List.of(BiasedFactorisationSgd.withDefaults(scale, seed),
                        new BiasedFactorisationAls(32, 10, 0.05, 0.1, scale, seed),
                        new BiasedFactorisationAls(32, 10, 0.1, 0.1, scale, seed),
                        new BiasedFactorisationAls(32, 10, 0.2, 0.1, scale, seed)), split, all, seed));
            }
            // Only the split is needed from here on; the whole set (40 MB at 10,000,000 interactions) can go.
            all = null;
            benchmark.tune(dataset, "MostPop", List.of(MostPopular.counting()), split, results);
            if (!generated) {
                // The full item-item matrices of these two do not fit a 4 GiB heap at 50,000 items; BPR's epochs
                // over 8,000,000 pairs would take longer than the rest of the run.
                benchmark.tune(dataset, "ItemKNN", List.of(new ItemKnn(100, 0)), split, results);
                benchmark.tune(dataset, "EASE", List.of(new Ease(50), new Ease(100), new Ease(250), new Ease(500),
                        new Ease(1000)), split, results);
                benchmark.tune(dataset, "BPR", List.of(Bpr.withDefaults(seed), new Bpr(64, 0.005, 0.003, 400, seed)),
                        split, results);
            }
            List<Recommender> als = new ArrayList<>();
            for (double alpha : generated ? alphas.subList(0, 1) : alphas) {
                for (double regularization : generated ? regularizations.subList(0, 1) : regularizations) {
                    als.add(new ImplicitAls(factors, alpha, regularization, iterations, conjugateGradientSteps,
                            seed, weightedRegularization));
                }
            }
            RecommendBenchmark.Fitted bestAls = benchmark.tune(dataset, "ALS", als, split, results);
            ImplicitAls chosen = (ImplicitAls) bestAls.recommender();
            if (generated) {
                err().println("single-user top-10 latency and HNSW recall:");
                RecommendBenchmark.Retrieval retrieval = benchmark.retrieval((FactorModel) bestAls.model(), split,
                        latencyUsers, ItemIndexSettings.defaults().withApproximateAbove(0), seed);
                json.put("retrieval", retrieval);
                printRetrieval(retrieval);
            }
            bestAls = null;
            json.put("peakHeapMebibytes", heap.peakMebibytes());
            json.put("maximumHeapMebibytes", RecommendBenchmark.HeapWatch.maximumMebibytes());
            Optional<SparkAlsRunner.Run> spark = spark(split, chosen, dataset, results);
            printResults(results);
            rating.ifPresent(this::printRating);
            spark.ifPresent(run -> printSpark(run, results, dataset));
            List<PublishedAnchors.Comparison> anchors = splitProtocol == Protocol.PER_USER_RANDOM && !generated
                    ? PublishedAnchors.compare(PublishedAnchors.of(fileFormat), results, rating)
                    : List.of();
            printAnchors(anchors);
            rating.ifPresent(result -> json.put("rating", result));
            json.put("anchors", anchors);
            out().printf(Locale.ROOT, "%npeak heap used %.0f MiB of %.0f MiB (-Xmx)%n", heap.peakMebibytes(),
                    RecommendBenchmark.HeapWatch.maximumMebibytes());
            json.put("dataset", dataset);
            json.put("protocol", splitProtocol.label());
            json.put("results", results);
            spark.ifPresent(run -> json.put("spark", Map.of("regParam", run.regParam(), "startSeconds",
                    run.startSeconds(), "fitSeconds", run.fitSeconds(), "threads", threads)));
        }
        BenchmarkFiles.writeJson(output, json);
        out().println("results written to " + output);
        return 0;
    }

    private Optional<SparkAlsRunner.Run> spark(Split split, ImplicitAls chosen, String dataset,
            List<RecommendBenchmark.Result> results) throws IOException {
        if (noBaseline) {
            err().println("Spark baseline skipped (--no-baseline)");
            return Optional.empty();
        }
        String java = sparkJava != null
                ? sparkJava : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path work = Files.createTempDirectory("marquee-recommend-bench");
        try {
            SparkAlsRunner runner = new SparkAlsRunner(sparkJar, java, sparkHeap, work);
            if (!runner.available()) {
                err().println("Spark baseline skipped: " + sparkJar + " is not built "
                        + "(./mvnw -Pspark package -DskipTests -pl marquee-spark)");
                return Optional.empty();
            }
            err().printf(Locale.ROOT, "Spark MLlib ALS, local[%d], rank %d, %d iterations, alpha %s, regParam for "
                    + "regularization %s:%n", threads, chosen.factors(), chosen.iterations(), chosen.alpha(),
                    chosen.regularization());
            SparkAlsRunner.Run run = runner.fit(split.train(), chosen.factors(), chosen.iterations(), chosen.alpha(),
                    chosen.regularization(), chosen.weightedRegularization(), seed, threads);
            Evaluation test = Evaluator.test(run.model(), split, RecommendBenchmark.K);
            Evaluation validation = Evaluator.validation(run.model(), split, RecommendBenchmark.K);
            results.add(new RecommendBenchmark.Result(dataset, "ALS", "spark",
                    String.format(Locale.ROOT, "Spark ALS(rank=%d, alpha=%s, regParam=%.4g, iterations=%d)",
                            chosen.factors(), chosen.alpha(), run.regParam(), chosen.iterations()),
                    validation.ndcg(), test.ndcg(), test.recall(), test.mrr(), test.itemCoverage(), run.fitSeconds()));
            err().printf(Locale.ROOT, "  session start %.1f s, fit %.1f s, test NDCG@10 %.4f%n", run.startSeconds(),
                    run.fitSeconds(), test.ndcg());
            return Optional.of(run);
        }
        finally {
            BenchmarkFiles.deleteRecursively(work);
        }
    }

    private void printResults(List<RecommendBenchmark.Result> results) {
        out().println();
        out().println("| dataset | algorithm | library | chosen on validation | NDCG@10 | Recall@10 | MRR@10 "
                + "| coverage | fit s |");
        out().println("|---|---|---|---|---:|---:|---:|---:|---:|");
        for (RecommendBenchmark.Result result : results) {
            out().printf(Locale.ROOT, "| %s | %s | %s | %s | %.4f | %.4f | %.4f | %.3f | %s |%n", result.dataset(),
                    result.algorithm(), result.library(), result.chosen(), result.ndcg(), result.recall(),
                    result.mrr(), result.coverage(), seconds(result.fitSeconds()));
        }
    }

    private void printSpark(SparkAlsRunner.Run run, List<RecommendBenchmark.Result> results, String dataset) {
        RecommendBenchmark.Result ours = results.stream()
                .filter(result -> result.algorithm().equals("ALS") && result.library().equals("marquee"))
                .findFirst().orElseThrow();
        RecommendBenchmark.Result theirs = results.stream()
                .filter(result -> result.algorithm().equals("ALS") && result.library().equals("spark"))
                .findFirst().orElseThrow();
        double speedUp = theirs.fitSeconds() / Math.max(ours.fitSeconds(), 1e-6);
        out().println();
        out().println("| dataset | Marquee ALS fit s | Spark ALS fit s (+ session start) | speed-up | Marquee NDCG@10 "
                + "| Spark NDCG@10 | goal: ≥ 10× at equal or better NDCG@10 |");
        out().println("|---|---:|---:|---:|---:|---:|---|");
        out().printf(Locale.ROOT, "| %s | %s | %s (+ %.1f) | %.1f× | %.4f | %.4f | %s |%n", dataset,
                seconds(ours.fitSeconds()), seconds(theirs.fitSeconds()), run.startSeconds(), speedUp, ours.ndcg(),
                theirs.ndcg(), speedUp >= 10 && ours.ndcg() >= theirs.ndcg() - EQUAL_NDCG ? "yes" : "NO");
    }

    private void printRating(RecommendBenchmark.RatingResult rating) {
        out().println();
        out().println("| dataset | rating model (chosen on validation) | validation RMSE | 5-fold RMSE | 5-fold MAE "
                + "| 5 fits s |");
        out().println("|---|---|---:|---:|---:|---:|");
        out().printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %s |%n", rating.dataset(), rating.chosen(),
                rating.validationRmse(), rating.rmse(), rating.mae(), seconds(rating.fitSeconds()));
    }

    private void printAnchors(List<PublishedAnchors.Comparison> anchors) {
        if (anchors.isEmpty()) {
            return;
        }
        out().println();
        out().println("| published anchor | metric | published | Marquee | Marquee model | beaten |");
        out().println("|---|---|---:|---:|---|---|");
        for (PublishedAnchors.Comparison comparison : anchors) {
            out().printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %s | %s |%n", comparison.anchor().source(),
                    comparison.anchor().metric().label, comparison.anchor().value(), comparison.measured(),
                    comparison.model(), comparison.beaten() ? "yes" : "NO");
        }
    }

    private void printRetrieval(RecommendBenchmark.Retrieval retrieval) {
        out().println();
        out().printf(Locale.ROOT, "| single-user top-10, %,d items × %d factors, %,d users | p50 µs | p99 µs | "
                + "recall@10 |%n", retrieval.items(), retrieval.factors(), retrieval.users());
        out().println("|---|---:|---:|---:|");
        out().printf(Locale.ROOT, "| exact (Vector API scoring + heap) | %.0f | %.0f | 1.000 |%n",
                retrieval.exactMedianMicros(), retrieval.exactP99Micros());
        out().printf(Locale.ROOT, "| HNSW (jvector, M=%d, beam %d/%d; built in %.1f s) | %.0f | %.0f | %.3f |%n",
                retrieval.settings().maxDegree(), retrieval.settings().constructionBeamWidth(),
                retrieval.settings().searchBeamWidth(), retrieval.hnswBuildSeconds(), retrieval.hnswMedianMicros(),
                retrieval.hnswP99Micros(), retrieval.hnswRecall());
        out().flush();
    }

    private static String seconds(double value) {
        return value < 10 ? "%.3f".formatted(value) : "%.1f".formatted(value);
    }
}
