package dev.marquee.classic;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Quantile bins of every feature, for histogram-based tree growing. Bin {@code b} of a feature holds the values
 * {@code x} with {@code thresholds[b - 1] < x <= thresholds[b]}; the last bin also holds everything above the last
 * threshold and NaN, just as a tree sends NaN to the right of every split ({@code NaN <= threshold} is false). A
 * split after bin {@code b} is therefore the split {@code x <= thresholds[b]} on raw values.
 *
 * <p>Thresholds lie halfway between neighbouring distinct training values, as in exact CART: a feature with at most
 * {@code maxBins} distinct values gets one bin per value, so on small data the histogram splits are the exact ones.
 * Immutable by contract.
 *
 * @param thresholds per feature, strictly increasing finite upper bin edges, one fewer than its bins
 */
record FeatureBins(double[][] thresholds) {
    /** Rows sampled to place the bin edges, as in LightGBM: enough for stable quantiles, cheap to sort. */
    static final int SAMPLE_ROWS = 200_000;
    /** Bins are stored as unsigned bytes. */
    static final int MOST_BINS = 256;

    /**
     * Places at most {@code maxBins} bins per feature at the quantiles of the training values, using all rows up to
     * {@link #SAMPLE_ROWS} and a seeded sample of that many rows beyond.
     */
    static FeatureBins fit(double[][] features, int featureCount, int maxBins, long seed) {
        if (maxBins < 2 || maxBins > MOST_BINS) {
            throw new IllegalArgumentException("maxBins must be between 2 and %d: %d".formatted(MOST_BINS, maxBins));
        }
        int rows = features.length;
        int[] sample = null;
        if (rows > SAMPLE_ROWS) {
            SplittableRandom random = new SplittableRandom(seed);
            sample = new int[SAMPLE_ROWS];
            for (int index = 0; index < sample.length; index++) {
                sample[index] = random.nextInt(rows);
            }
        }
        double[][] thresholds = new double[featureCount][];
        double[] values = new double[sample == null ? rows : sample.length];
        for (int feature = 0; feature < featureCount; feature++) {
            int finite = 0;
            for (int index = 0; index < values.length; index++) {
                double value = features[sample == null ? index : sample[index]][feature];
                if (Double.isFinite(value)) {
                    values[finite++] = value;
                }
            }
            Arrays.sort(values, 0, finite);
            thresholds[feature] = edges(values, finite, maxBins);
        }
        return new FeatureBins(thresholds);
    }

    /** Upper bin edges for sorted values: between every distinct value when few, else near equal-count quantiles. */
    private static double[] edges(double[] sorted, int count, int maxBins) {
        double[] distinct = new double[count];
        int[] cumulative = new int[count];
        int distinctCount = 0;
        for (int index = 0; index < count; index++) {
            if (distinctCount == 0 || sorted[index] != distinct[distinctCount - 1]) {
                distinct[distinctCount++] = sorted[index];
            }
            cumulative[distinctCount - 1] = index + 1;
        }
        if (distinctCount <= maxBins) {
            double[] edges = new double[Math.max(0, distinctCount - 1)];
            for (int index = 0; index < edges.length; index++) {
                edges[index] = between(distinct[index], distinct[index + 1]);
            }
            return edges;
        }
        double[] edges = new double[maxBins - 1];
        int edgeCount = 0;
        int value = 0;
        for (int quantile = 1; quantile < maxBins; quantile++) {
            long position = (long) quantile * count / maxBins;
            // The edge closes the bin of the value at this quantile, so a heavy value gets a bin of its own.
            while (cumulative[value] < position) {
                value++;
            }
            if (value + 1 < distinctCount) {
                double edge = between(distinct[value], distinct[value + 1]);
                if (edgeCount == 0 || edge > edges[edgeCount - 1]) {
                    edges[edgeCount++] = edge;
                }
            }
        }
        return Arrays.copyOf(edges, edgeCount);
    }

    /** The midpoint, unless rounding makes it the upper value, which must stay right of the edge. */
    private static double between(double lower, double upper) {
        double middle = lower / 2 + upper / 2;
        return middle < upper && middle >= lower ? middle : lower;
    }

    int featureCount() {
        return thresholds.length;
    }

    int binCount(int feature) {
        return thresholds[feature].length + 1;
    }

    /** The bin of a value: the first whose upper edge is at least the value, else the last (also for NaN). */
    int bin(int feature, double value) {
        double[] edges = thresholds[feature];
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (value <= edges[middle]) {
                high = middle;
            }
            else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * The bins of every row, column-major: {@code bins[feature][row]}, unsigned. Bins the features in parallel on the
     * common fork-join pool: a binary search per value adds up to seconds on millions of rows.
     */
    byte[][] binColumns(double[][] features) {
        byte[][] columns = new byte[thresholds.length][];
        IntStream.range(0, thresholds.length).parallel().forEach(feature -> {
            byte[] column = new byte[features.length];
            for (int row = 0; row < features.length; row++) {
                column[row] = (byte) bin(feature, features[row][feature]);
            }
            columns[feature] = column;
        });
        return columns;
    }
}
