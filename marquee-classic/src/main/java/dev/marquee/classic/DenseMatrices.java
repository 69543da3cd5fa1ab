package dev.marquee.classic;

/**
 * Products of dense matrices stored row-major in flat arrays, with the loop orders chosen so that the innermost loop
 * walks contiguous memory (which the JIT compiler also vectorises). Shapes are given explicitly because the arrays
 * are reused buffers that may be longer than the matrix they hold.
 */
final class DenseMatrices {
    private DenseMatrices() {}

    /**
     * {@code out = left · right + bias}, broadcasting {@code bias} over the rows.
     *
     * @param left {@code rows × inner}
     * @param right {@code inner × columns}, starting at {@code rightOffset}
     * @param bias {@code columns} values, starting at {@code biasOffset}
     * @param out {@code rows × columns}, overwritten
     */
    static void multiplyAddBias(
            double[] left,
            double[] right,
            int rightOffset,
            double[] bias,
            int biasOffset,
            double[] out,
            int rows,
            int inner,
            int columns) {
        for (int row = 0; row < rows; row++) {
            int outOffset = row * columns;
            System.arraycopy(bias, biasOffset, out, outOffset, columns);
            int leftOffset = row * inner;
            for (int k = 0; k < inner; k++) {
                double value = left[leftOffset + k];
                if (value == 0) {
                    // ReLU layers are often half zeros; skipping them is exact.
                    continue;
                }
                int rowOffset = rightOffset + k * columns;
                for (int column = 0; column < columns; column++) {
                    out[outOffset + column] += value * right[rowOffset + column];
                }
            }
        }
    }

    /**
     * {@code out += leftᵀ · right}: accumulates, so that a batch can be processed in chunks.
     *
     * @param left {@code rows × leftColumns}
     * @param right {@code rows × rightColumns}
     * @param out {@code leftColumns × rightColumns} starting at {@code outOffset}, added to
     */
    static void addMultiplyTransposedLeft(
            double[] left, double[] right, double[] out, int outOffset, int rows, int leftColumns, int rightColumns) {
        for (int row = 0; row < rows; row++) {
            int leftOffset = row * leftColumns;
            int rightOffset = row * rightColumns;
            for (int k = 0; k < leftColumns; k++) {
                double value = left[leftOffset + k];
                if (value == 0) {
                    continue;
                }
                int target = outOffset + k * rightColumns;
                for (int column = 0; column < rightColumns; column++) {
                    out[target + column] += value * right[rightOffset + column];
                }
            }
        }
    }

    /**
     * {@code out = left · rightᵀ}.
     *
     * @param left {@code rows × inner}
     * @param right {@code columns × inner}, starting at {@code rightOffset}
     * @param out {@code rows × columns}, overwritten
     */
    static void multiplyTransposedRight(
            double[] left, double[] right, int rightOffset, double[] out, int rows, int inner, int columns) {
        for (int row = 0; row < rows; row++) {
            int leftOffset = row * inner;
            for (int column = 0; column < columns; column++) {
                int offset = rightOffset + column * inner;
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += left[leftOffset + k] * right[offset + k];
                }
                out[row * columns + column] = sum;
            }
        }
    }
}
