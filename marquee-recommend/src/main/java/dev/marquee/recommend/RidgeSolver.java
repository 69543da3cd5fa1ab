package dev.marquee.recommend;

/** Cholesky solves of the small dense symmetric positive-definite systems of ridge regressions. */
final class RidgeSolver {
    private RidgeSolver() {}

    /**
     * Solves {@code matrix x = rightSide} in place: {@code matrix} (row-major, {@code size * size}) is overwritten by
     * its Cholesky factor and {@code rightSide} by the solution. The matrix must be positive definite, which a ridge
     * term guarantees.
     */
    static void solve(double[] matrix, double[] rightSide, int size) {
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
                        throw new IllegalStateException("ridge solve: the system is not positive definite");
                    }
                    matrix[rowOffset + row] = Math.sqrt(sum);
                } else {
                    matrix[rowOffset + column] = sum / matrix[columnOffset + column];
                }
            }
        }
        for (int row = 0; row < size; row++) {
            double sum = rightSide[row];
            for (int inner = 0; inner < row; inner++) {
                sum -= matrix[row * size + inner] * rightSide[inner];
            }
            rightSide[row] = sum / matrix[row * size + row];
        }
        for (int row = size - 1; row >= 0; row--) {
            double sum = rightSide[row];
            for (int inner = row + 1; inner < size; inner++) {
                sum -= matrix[inner * size + row] * rightSide[inner];
            }
            rightSide[row] = sum / matrix[row * size + row];
        }
    }
}
