package dev.marquee.runtime;

import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** XGBoost boosters trained on generated rows, as files in XGBoost's own formats. Also used by the server tests. */
public final class XgboostTestModels {
    public static final int FEATURES = 4;

    private XgboostTestModels() {}

    /** A booster trained here on generated rows; label = feature 0 + feature 1 > 1 (binary) or a 3-way bucket. */
    public static Booster train(String objective, long seed) throws XGBoostError {
        Random random = new Random(seed);
        int rows = 200;
        float[] features = new float[rows * FEATURES];
        float[] labels = new float[rows];
        for (int row = 0; row < rows; row++) {
            for (int feature = 0; feature < FEATURES; feature++) {
                features[row * FEATURES + feature] = random.nextFloat();
            }
            float sum = features[row * FEATURES] + features[row * FEATURES + 1];
            labels[row] = objective.startsWith("multi") ? Math.min(2, (int) (sum * 1.5f)) : sum > 1 ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(features, rows, FEATURES, Float.NaN);
        try {
            matrix.setLabel(labels);
            Map<String, Object> parameters = objective.startsWith("multi")
                    ? Map.of("objective", objective, "num_class", 3, "max_depth", 3, "nthread", 1, "seed", 7)
                    : Map.of("objective", objective, "max_depth", 3, "nthread", 1, "seed", 7);
            return XGBoost.train(matrix, parameters, 10, Map.of(), null, null);
        } finally {
            matrix.dispose();
        }
    }

    public static byte[] saved(String objective, String format) throws XGBoostError {
        Booster booster = train(objective, 1);
        try {
            return booster.toByteArray(format);
        } finally {
            booster.dispose();
        }
    }

}
