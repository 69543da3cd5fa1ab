package dev.marquee.classic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows of the kernel matrix of a training set for {@link SmoSolver}, computed on demand and kept in a
 * least-recently-used cache of bounded size, as libsvm's kernel cache. One instance serves one solve: not
 * thread-safe.
 */
final class SmoKernelRows {
    private final double[][] rows;
    private final SvmKernel kernel;
    private final double[] squaredNorms;
    private final Map<Integer, double[]> cache;

    /**
     * @param rows the training rows; not modified
     * @param cacheBytes how many bytes of kernel rows to keep; at least two rows are always kept
     */
    SmoKernelRows(double[][] rows, SvmKernel kernel, long cacheBytes) {
        this.rows = rows;
        this.kernel = kernel;
        this.squaredNorms = new double[rows.length];
        for (int row = 0; row < rows.length; row++) {
            squaredNorms[row] = Vectors.dot(rows[row], rows[row]);
        }
        long capacity = Math.max(2, cacheBytes / (Double.BYTES * (long) Math.max(1, rows.length)));
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, double[]> eldest) {
                return size() > capacity;
            }
        };
    }

    int size() {
        return rows.length;
    }

    /** {@code K(rows[row], rows[other])} for every other row; the caller must not modify it. */
    double[] row(int row) {
        double[] values = cache.get(row);
        if (values == null) {
            values = new double[rows.length];
            for (int other = 0; other < rows.length; other++) {
                values[other] =
                        kernel.value(Vectors.dot(rows[row], rows[other]), squaredNorms[row], squaredNorms[other]);
            }
            cache.put(row, values);
        }
        return values;
    }

    /** {@code K(rows[row], rows[row])}. */
    double diagonal(int row) {
        return kernel.value(squaredNorms[row], squaredNorms[row], squaredNorms[row]);
    }
}
