package dev.marquee.classic;

import java.util.Optional;

/** Solves symmetric positive-definite linear systems by Cholesky decomposition. */
final class Cholesky {
    private Cholesky() {}

    /**
     * The solution x of {@code matrix · x = vector}; empty when the matrix is not (numerically) positive definite.
     * Reads only the lower triangle; modifies neither argument.
     */
    static Optional<double[]> solve(double[][] matrix, double[] vector) {
        int size = vector.length;
        double[][] lower = new double[size][size];
        for (int row = 0; row < size; row++) {
            for (int column = 0; column <= row; column++) {
                double sum = matrix[row][column];
                for (int inner = 0; inner < column; inner++) {
                    sum -= lower[row][inner] * lower[column][inner];
                }
                if (row == column) {
                    if (!(sum > 0)) {
                        return Optional.empty();
                    }
                    lower[row][row] = Math.sqrt(sum);
                }
                else {
                    lower[row][column] = sum / lower[column][column];
                }
            }
        }
        double[] forward = new double[size];
        for (int row = 0; row < size; row++) {
            double sum = vector[row];
            for (int inner = 0; inner < row; inner++) {
                sum -= lower[row][inner] * forward[inner];
            }
            forward[row] = sum / lower[row][row];
        }
        double[] solution = new double[size];
        for (int row = size - 1; row >= 0; row--) {
            double sum = forward[row];
            for (int inner = row + 1; inner < size; inner++) {
                sum -= lower[inner][row] * solution[inner];
            }
            solution[row] = sum / lower[row][row];
        }
        return Optional.of(solution);
    }
}
