package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * A seeded binary classification set in the manner of scikit-learn's {@code make_classification}: half the features
 * are informative (each class is a Gaussian cloud around its own vertex of a hypercube, two clusters per class), the
 * rest is noise, and 1 % of the labels are flipped, so no model reaches 100 %.
 *
 * @param features one row per sample
 * @param labels 0 or 1 per row
 */
record GeneratedClassification(double[][] features, int[] labels) {
    private static final int CLUSTERS_PER_CLASS = 2;
    private static final double CLASS_SEPARATION = 1.0;
    private static final double LABEL_NOISE = 0.01;

    GeneratedClassification {
        requireNonNull(features, "features is null");
        requireNonNull(labels, "labels is null");
    }

    static GeneratedClassification generate(int rows, int featureCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int informative = Math.max(1, featureCount / 2);
        double[][][] centres = new double[2][CLUSTERS_PER_CLASS][informative];
        for (double[][] classCentres : centres) {
            for (double[] centre : classCentres) {
                for (int feature = 0; feature < informative; feature++) {
                    centre[feature] = random.nextBoolean() ? CLASS_SEPARATION : -CLASS_SEPARATION;
                }
            }
        }
        double[][] features = new double[rows][featureCount];
        int[] labels = new int[rows];
        for (int row = 0; row < rows; row++) {
            int label = random.nextInt(2);
            double[] centre = centres[label][random.nextInt(CLUSTERS_PER_CLASS)];
            for (int feature = 0; feature < featureCount; feature++) {
                double noise = random.nextGaussian();
                features[row][feature] = feature < informative ? centre[feature] + noise : noise;
            }
            labels[row] = random.nextDouble() < LABEL_NOISE ? 1 - label : label;
        }
        return new GeneratedClassification(features, labels);
    }

    int rows() {
        return labels.length;
    }

    /** Writes every row as little-endian float64 values, the features then the label, for the baseline to read. */
    void writeBinary(Path file) {
        int width = features[0].length + 1;
        ByteBuffer buffer = ByteBuffer.allocate(width * Double.BYTES * 4096).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int row = 0; row < labels.length; row++) {
                for (double value : features[row]) {
                    buffer.putDouble(value);
                }
                buffer.putDouble(labels[row]);
                if (!buffer.hasRemaining() || row == labels.length - 1) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    buffer.clear();
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
