package dev.marquee.spark;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains Spark MLlib implicit ALS on the training pairs the benchmark wrote and writes the factors back, so that the
 * benchmark evaluates Spark's model with exactly the evaluator and split it uses for Marquee's.
 *
 * <p>Arguments: {@code --train FILE} (CSV lines {@code user,item}, dense indexes), {@code --output FILE},
 * {@code --factors N --iterations N --alpha X --reg-param X --seed N --threads N}. The factors file holds, for users
 * then items: a count, then per row its index and {@code factors} floats (big-endian). The last line printed is
 * {@code {"startSeconds": s, "fitSeconds": f}}: the session start and {@code ALS.fit} with the factors collected (the
 * data cached and a one-iteration warm-up fit run before).
 */
public final class SparkAlsBaseline {
    private SparkAlsBaseline() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int index = 0; index + 1 < args.length; index += 2) {
            if (!args[index].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[index]);
            }
            options.put(args[index].substring(2), args[index + 1]);
        }
        Path train = Path.of(required(options, "train"));
        Path output = Path.of(required(options, "output"));
        int factors = Integer.parseInt(required(options, "factors"));
        int iterations = Integer.parseInt(required(options, "iterations"));
        double alpha = Double.parseDouble(required(options, "alpha"));
        double regParam = Double.parseDouble(required(options, "reg-param"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));

        long started = System.nanoTime();
        SparkSession spark = SparkSession.builder()
                .master("local[" + threads + "]")
                .appName("marquee-bench-als")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(threads))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        double startSeconds = (System.nanoTime() - started) / 1e9;
        try {
            StructType schema = new StructType()
                    .add("user", DataTypes.IntegerType, false)
                    .add("item", DataTypes.IntegerType, false);
            Dataset<Row> pairs = spark.read().schema(schema).csv(train.toString())
                    .withColumn("rating", org.apache.spark.sql.functions.lit(1.0f))
                    .repartition(threads)
                    .cache();
            pairs.count();
            ALS als = new ALS()
                    .setImplicitPrefs(true)
                    .setRank(factors)
                    .setMaxIter(iterations)
                    .setAlpha(alpha)
                    .setRegParam(regParam)
                    .setSeed(seed)
                    .setNumUserBlocks(threads)
                    .setNumItemBlocks(threads)
                    .setUserCol("user")
                    .setItemCol("item")
                    .setRatingCol("rating");
            // A one-iteration fit first, so the timed fit runs JIT-compiled like the benchmark's in-process fits.
            als.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(1).fit(pairs).userFactors().count();
            long fitStarted = System.nanoTime();
            ALSModel model = als.fit(pairs);
            List<Row> users = model.userFactors().collectAsList();
            List<Row> items = model.itemFactors().collectAsList();
            double fitSeconds = (System.nanoTime() - fitStarted) / 1e9;
            try (OutputStream file = Files.newOutputStream(output);
                    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(file))) {
                write(data, users, factors);
                write(data, items, factors);
            }
            System.out.println(String.format(Locale.ROOT, "{\"startSeconds\": %.3f, \"fitSeconds\": %.3f}",
                    startSeconds, fitSeconds));
        }
        finally {
            spark.stop();
        }
    }

    private static void write(DataOutputStream data, List<Row> rows, int factors) throws IOException {
        data.writeInt(rows.size());
        for (Row row : rows) {
            data.writeInt(row.getInt(0));
            List<Object> values = row.getList(1);
            for (int factor = 0; factor < factors; factor++) {
                data.writeFloat(((Number) values.get(factor)).floatValue());
            }
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
