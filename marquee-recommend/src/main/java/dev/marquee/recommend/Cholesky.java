package dev.marquee.recommend;

/**
 * Cholesky factorisation and solves of the small dense symmetric positive-definite systems of this package: ridge
 * regressions, ALS fold-in and ALS explanations. Matrices are row-major {@code size * size}. Stateless.
 */
final class Cholesky {
    private Cholesky() {}

    /**
     * Solves {@code matrix x = rightSide} in place: {@code matrix} is overwritten by its Cholesky factor and
     * {@code rightSide} by the solution. The matrix must be positive definite, which a ridge term guarantees.
     *
     * @throws IllegalStateException when it is not
     */
    static void solve(double[] matrix, double[] rightSide, int size) {
        factor(matrix, size);
        solveFactored(matrix, rightSide, size);
    }

    /** Overwrites the lower triangle of {@code matrix} with its Cholesky factor {@code L} ({@code matrix = L Lᵀ}). */
    static void factor(double[] matrix, int size) {
        for (int row = 0; row < size; row++) {
            int rowOffset = row * size;
            for (int column = 0; column <= row; column++) {
                int columnOffset = column * size;
                double sum = matrix[rowOffset + column];
                for (int inner = 0; inner < column; inner++) {
                    sum -= matrix[rowOffset + inner] * matrix[columnOffset + inner];
                }
                if (row == column) {
                    if (!(sum > 0)) {
                        throw new IllegalStateException("the system is not positive definite");
                    }
                    matrix[rowOffset + row] = Math.sqrt(sum);
                } else {
                    matrix[rowOffset + column] = sum / matrix[columnOffset + column];
                }
            }
        }
    }

    /** Overwrites {@code rightSide} with the solution of {@code L Lᵀ x = rightSide}. */
    static void solveFactored(double[] factor, double[] rightSide, int size) {
        for (int row = 0; row < size; row++) {
            double sum = rightSide[row];
            for (int inner = 0; inner < row; inner++) {
                sum -= factor[row * size + inner] * rightSide[inner];
            }
            rightSide[row] = sum / factor[row * size + row];
        }
        for (int row = size - 1; row >= 0; row--) {
            double sum = rightSide[row];
            for (int inner = row + 1; inner < size; inner++) {
                sum -= factor[inner * size + row] * rightSide[inner];
            }
            rightSide[row] = sum / factor[row * size + row];
        }
    }
}
