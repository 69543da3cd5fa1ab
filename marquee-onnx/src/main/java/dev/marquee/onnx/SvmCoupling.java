package dev.marquee.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.marquee.classic.KernelSvmModel;
import java.util.List;
import java.util.Map;

/**
 * The class probabilities of a kernel SVM with k ≥ 3 classes, as {@link KernelSvmModel} computes them, in standard
 * operators: one-vs-one decision values and votes, Platt's sigmoid per pair, Wu, Lin and Weng's coupling (libsvm's
 * {@code multiclass_probability}) as a {@code Loop} whose body repeats Marquee's update step for step and leaves a
 * row unchanged once its error is below the tolerance (so every row stops where Marquee's loop breaks), and finally
 * the vote's winner made the most probable class exactly as {@code PlattScaling.favour} does.
 */
final class SvmCoupling {
    private static final double LEAST_PAIRWISE_PROBABILITY = 1e-7;
    private static final int LEAST_ITERATIONS = 100;
    private static final double TOLERANCE = 0.005;

    private SvmCoupling() {}

    /** The {@code [N, classes]} DOUBLE probabilities from the {@code [N, supportVectors]} kernel values. */
    static String probabilities(OnnxGraph graph, String kernelValues, KernelSvmModel svm) {
        int classes = svm.supportCounts().length;
        int pairs = classes * (classes - 1) / 2;
        int vectors = svm.supportVectors().length;
        int[] starts = new int[classes];
        for (int label = 1; label < classes; label++) {
            starts[label] = starts[label - 1] + svm.supportCounts()[label - 1];
        }
        double[] coefficients = new double[vectors * pairs];
        double[] firstVotes = new double[pairs * classes];
        double[] secondVotes = new double[pairs * classes];
        double[] forward = new double[pairs * classes * classes];
        double[] backward = new double[pairs * classes * classes];
        int pair = 0;
        for (int first = 0; first < classes; first++) {
            for (int second = first + 1; second < classes; second++, pair++) {
                for (int vector = starts[first]; vector < starts[first] + svm.supportCounts()[first]; vector++) {
                    coefficients[vector * pairs + pair] = svm.dualCoefficients()[second - 1][vector];
                }
                for (int vector = starts[second]; vector < starts[second] + svm.supportCounts()[second]; vector++) {
                    coefficients[vector * pairs + pair] = svm.dualCoefficients()[first][vector];
                }
                firstVotes[pair * classes + first] = 1;
                secondVotes[pair * classes + second] = 1;
                forward[pair * classes * classes + first * classes + second] = 1;
                backward[pair * classes * classes + second * classes + first] = 1;
            }
        }
        String decisions = graph.op("Add",
                graph.op("MatMul", kernelValues, graph.doubles("pair_coefficients", coefficients, vectors, pairs)),
                graph.doubles("pair_intercepts", svm.intercepts(), pairs));
        String positive = graph.op("Greater", decisions, graph.scalar("zero", 0));
        String votes = graph.op("Add",
                graph.op("MatMul", toDouble(graph, positive), graph.doubles("first_votes", firstVotes, pairs, classes)),
                graph.op("MatMul", toDouble(graph, graph.op("Not", positive)),
                        graph.doubles("second_votes", secondVotes, pairs, classes)));
        String winner = graph.op("ArgMax", List.of(votes), Map.of("axis", 1L, "keepdims", 1L));

        // Platt's sigmoid per pair, 1 / (1 + exp(A d + B)), kept within [1e-7, 1 - 1e-7].
        String exponent = graph.op("Add",
                graph.op("Mul", decisions, graph.doubles("platt_a", svm.probabilityA(), pairs)),
                graph.doubles("platt_b", svm.probabilityB(), pairs));
        String pairwise = graph.op("Max",
                graph.op("Min", graph.op("Sigmoid", graph.op("Neg", exponent)),
                        graph.scalar("most", 1 - LEAST_PAIRWISE_PROBABILITY)),
                graph.scalar("least", LEAST_PAIRWISE_PROBABILITY));
        // r[i][j]: the probability of class i against class j; 0 on the diagonal.
        String ratios = graph.op("Reshape",
                graph.op("Add",
                        graph.op("MatMul", pairwise, graph.doubles("forward", forward, pairs, classes * classes)),
                        graph.op("MatMul", graph.op("Sub", graph.scalar("one", 1), pairwise),
                                graph.doubles("backward", backward, pairs, classes * classes))),
                graph.longs("square", new long[] {-1, classes, classes}, 3));
        String transposed = graph.op("Transpose", List.of(ratios), Map.of("perm", new long[] {0, 2, 1}));
        // Q[t][t] = Σ_j r[j][t]², Q[t][j] = -r[j][t] r[t][j].
        String diagonal = graph.op("ReduceSum",
                List.of(graph.op("Mul", transposed, transposed), graph.longs("last_axis", new long[] {2}, 1)),
                Map.of("keepdims", 1L));
        boolean[] identity = new boolean[classes * classes];
        for (int label = 0; label < classes; label++) {
            identity[label * classes + label] = true;
        }
        String q = graph.op("Where", graph.bools("identity", identity, classes, classes), diagonal,
                graph.op("Neg", graph.op("Mul", transposed, ratios)));
        String[] qRows = new String[classes];
        String[] qDiagonal = new String[classes];
        for (int t = 0; t < classes; t++) {
            qRows[t] = graph.op("Reshape",
                    graph.op("Gather", List.of(q, graph.longs("row", new long[] {t}, 1)), Map.of("axis", 1L)),
                    graph.longs("row_shape", new long[] {-1, classes}, 2));
            qDiagonal[t] = graph.op("Gather", List.of(qRows[t], graph.longs("column", new long[] {t}, 1)),
                    Map.of("axis", 1L));
        }

        double[] uniform = new double[classes];
        java.util.Arrays.fill(uniform, 1.0 / classes);
        // Every row starts uniform; votes - votes is an exact [N, classes] zero to broadcast against.
        String start = graph.op("Add", graph.op("Sub", votes, votes), graph.doubles("uniform", uniform, 1, classes));
        OnnxGraph body = graph.subgraph("coupling");
        body.subgraphInput("iteration", TensorProto.DataType.INT64_VALUE, List.of());
        String conditionIn = body.subgraphInput("condition", TensorProto.DataType.BOOL_VALUE, List.of());
        String before = body.subgraphInput("probabilities", TensorProto.DataType.DOUBLE_VALUE,
                List.of(-1L, (long) classes));
        String qp = body.op("Reshape",
                body.op("MatMul", q, body.op("Reshape", before, graph.longs("column_shape",
                        new long[] {-1, classes, 1}, 3))),
                graph.longs("flat_shape", new long[] {-1, classes}, 2));
        String classAxis = graph.longs("class_axis", new long[] {1}, 1);
        String pqp = body.op("ReduceSum", List.of(body.op("Mul", before, qp), classAxis), Map.of("keepdims", 1L));
        String error = body.op("ReduceMax", List.of(body.op("Abs", body.op("Sub", qp, pqp))),
                Map.of("axes", new long[] {1}, "keepdims", 1L));
        String converged = body.op("Less", error, graph.scalar("tolerance", TOLERANCE / classes));
        String probabilities = before;
        String one = graph.scalar("one", 1);
        String two = graph.scalar("two", 2);
        for (int t = 0; t < classes; t++) {
            boolean[] column = new boolean[classes];
            column[t] = true;
            String qpt = body.op("Gather", List.of(qp, graph.longs("column", new long[] {t}, 1)), Map.of("axis", 1L));
            String difference = body.op("Div", body.op("Add", body.op("Neg", qpt), pqp), qDiagonal[t]);
            String grown = body.op("Add", one, difference);
            probabilities = body.op("Where", graph.bools("class_mask", column, 1, classes),
                    body.op("Add", probabilities, difference), probabilities);
            pqp = body.op("Div", body.op("Div",
                    body.op("Add", pqp, body.op("Mul", difference,
                            body.op("Add", body.op("Mul", difference, qDiagonal[t]), body.op("Mul", two, qpt)))),
                    grown), grown);
            qp = body.op("Div", body.op("Add", qp, body.op("Mul", difference, qRows[t])), grown);
            probabilities = body.op("Div", probabilities, grown);
        }
        String after = body.op("Where", converged, before, probabilities);
        String conditionOut = body.op("Identity", conditionIn);
        body.output(conditionOut, TensorProto.DataType.BOOL_VALUE, List.of());
        body.output(after, TensorProto.DataType.DOUBLE_VALUE, List.of(-1L, (long) classes));
        String coupled = graph.fresh("coupled");
        graph.node("", "Loop",
                List.of(graph.longs("iterations", new long[] {Math.max(LEAST_ITERATIONS, classes)}),
                        graph.bools("always", new boolean[] {true}), start),
                List.of(coupled), Map.of("body", body.build()));
        return favour(graph, coupled, winner, classes);
    }

    /** {@code PlattScaling.favour}: the winner takes the largest probability, then half of any still level. */
    private static String favour(OnnxGraph graph, String probabilities, String winner, int classes) {
        long[] labels = new long[classes];
        for (int label = 0; label < classes; label++) {
            labels[label] = label;
        }
        String range = graph.longs("labels", labels, 1, classes);
        String top = graph.op("ArgMax", List.of(probabilities), Map.of("axis", 1L, "keepdims", 1L));
        String isTop = graph.op("Equal", range, top);
        String isWinner = graph.op("Equal", range, winner);
        String topValue = graph.op("GatherElements", List.of(probabilities, top), Map.of("axis", 1L));
        String winnerValue = graph.op("GatherElements", List.of(probabilities, winner), Map.of("axis", 1L));
        String current = graph.op("Where", isTop, winnerValue, graph.op("Where", isWinner, topValue, probabilities));
        String two = graph.scalar("two", 2);
        for (int label = 0; label < classes; label++) {
            boolean[] column = new boolean[classes];
            column[label] = true;
            String mask = graph.bools("class_mask", column, 1, classes);
            String value = graph.op("Gather", List.of(current, graph.longs("column", new long[] {label}, 1)),
                    Map.of("axis", 1L));
            String leader = graph.op("GatherElements", List.of(current, winner), Map.of("axis", 1L));
            String apply = graph.op("And",
                    graph.op("Not", graph.op("Equal", winner, graph.longs("label", new long[] {label}))),
                    graph.op("GreaterOrEqual", value, leader));
            String half = graph.op("Div", value, two);
            current = graph.op("Where", graph.op("And", apply, mask), graph.op("Sub", value, half),
                    graph.op("Where", graph.op("And", apply, isWinner), graph.op("Add", leader, half), current));
        }
        return current;
    }

    private static String toDouble(OnnxGraph graph, String value) {
        return ModelGraphs.toDouble(graph, value);
    }
}
