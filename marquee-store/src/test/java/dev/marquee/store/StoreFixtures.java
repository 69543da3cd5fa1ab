package dev.marquee.store;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnStatistics;
import dev.marquee.core.ColumnType;
import dev.marquee.core.DatasetProfile;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Provenance;
import dev.marquee.core.Schema;
import dev.marquee.core.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Small generated values for store tests. */
final class StoreFixtures {
    private StoreFixtures() {}

    static String sha256(String text) {
        MessageDigest digest = Sha256.newDigest();
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A profile of a three-row rating table, with present and absent optional statistics. */
    static DatasetProfile profile(long rowCount) {
        Schema schema = new Schema(List.of(
                new Column("user", ColumnType.CATEGORICAL),
                new Column("rating", ColumnType.NUMERIC),
                new Column("review", ColumnType.TEXT)));
        return new DatasetProfile(
                schema,
                rowCount,
                List.of(
                        new ColumnStatistics(
                                "user",
                                ColumnType.CATEGORICAL,
                                rowCount,
                                0,
                                2,
                                OptionalDouble.empty(),
                                OptionalDouble.empty(),
                                OptionalDouble.empty()),
                        new ColumnStatistics(
                                "rating",
                                ColumnType.NUMERIC,
                                rowCount - 1,
                                1,
                                2,
                                OptionalDouble.of(1),
                                OptionalDouble.of(4.5),
                                OptionalDouble.of(2.75)),
                        new ColumnStatistics(
                                "review",
                                ColumnType.TEXT,
                                rowCount,
                                0,
                                rowCount,
                                OptionalDouble.empty(),
                                OptionalDouble.empty(),
                                OptionalDouble.empty())));
    }

    /** A classifier's manifest; its provenance time has nanoseconds to prove the JSON keeps them. */
    static ModelManifest manifest(String datasetId, String jobId) {
        return new ModelManifest(
                1,
                "logistic_regression",
                Map.of("learning_rate", "0.1", "epochs", "20"),
                List.of(new Column("age", ColumnType.NUMERIC), new Column("plan", ColumnType.CATEGORICAL)),
                new OutputSchema("churned", Task.CLASSIFICATION, List.of("no", "yes")),
                Map.of("accuracy", 0.875, "log_loss", 0.31),
                List.of("standardise age", "one-hot plan"),
                new Provenance(
                        datasetId,
                        sha256("training data"),
                        42,
                        "0.1.0-SNAPSHOT",
                        jobId,
                        Instant.parse("2026-03-01T10:15:30.123456789Z")));
    }
}
