package dev.marquee.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.marquee.classic.DecisionTreeModel;
import dev.marquee.classic.GradientBoostingModel;
import dev.marquee.classic.KernelSvmModel;
import dev.marquee.classic.LinearRegressionModel;
import dev.marquee.classic.LinearSvmModel;
import dev.marquee.classic.LogisticRegressionModel;
import dev.marquee.classic.MlpModel;
import dev.marquee.classic.RandomForestModel;
import dev.marquee.classic.SvmKernel;
import dev.marquee.classic.Tree;
import dev.marquee.core.FittedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Translates each classic {@link FittedModel} into ONNX nodes over the {@code [N, features]} DOUBLE tensor of
 * {@link PipelineGraph}. Every model ends in a DOUBLE {@code [N, outputs]} tensor with exactly what
 * {@link FittedModel#predict} writes: the regression value, or the class probabilities. Linear models, SVMs and
 * MLPs compute in double precision with standard operators; trees use the ONNX-ML {@code TreeEnsembleRegressor} with
 * double thresholds (its output is FP32); gradient boosting mirrors XGBoost, which itself scores in FP32.
 */
final class ModelGraphs {
    /** libsvm keeps pairwise probabilities within [1e-7, 1 - 1e-7] before coupling them. */
    private static final double LEAST_PAIRWISE_PROBABILITY = 1e-7;

    private ModelGraphs() {}

    /**
     * Adds the model's nodes and returns the name of its DOUBLE {@code [N, outputs]} tensor.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the reason when the model cannot be expressed in ONNX
     */
    static String outputs(OnnxGraph graph, String features, FittedModel model, Task task) {
        return switch (model) {
            case LinearRegressionModel linear ->
                    affine(graph, features, new double[][] {linear.coefficients()}, new double[] {linear.intercept()});
            case LogisticRegressionModel logistic -> {
                String scores = affine(graph, features, logistic.coefficients(), logistic.intercepts());
                yield logistic.coefficients().length == 1
                        ? binary(graph, graph.op("Sigmoid", scores))
                        : graph.op("Softmax", List.of(scores), Map.of("axis", 1L));
            }
            case LinearSvmModel svm -> linearSvm(graph, features, svm);
            case KernelSvmModel svm -> kernelSvm(graph, features, svm);
            case DecisionTreeModel tree -> TreeGraphs.ensemble(graph, features, List.of(tree.tree()), false);
            case RandomForestModel forest -> TreeGraphs.ensemble(graph, features, forest.trees(), true);
            case GradientBoostingModel boosting -> TreeGraphs.boosting(graph, features, boosting);
            case MlpModel mlp -> mlp(graph, features, mlp);
            default -> throw MarqueeException.invalid(
                    "cannot export to ONNX: models of type %s have no ONNX translation",
                    model.getClass().getSimpleName());
        };
    }

    /** {@code features · rowsᵀ + intercepts}: {@code [N, rows.length]}. */
    static String affine(OnnxGraph graph, String features, double[][] rows, double[] intercepts) {
        int outputs = rows.length;
        int width = rows[0].length;
        double[] transposed = new double[width * outputs];
        for (int output = 0; output < outputs; output++) {
            for (int feature = 0; feature < width; feature++) {
                transposed[feature * outputs + output] = rows[output][feature];
            }
        }
        String product = graph.op("MatMul", features, graph.doubles("weights", transposed, width, outputs));
        return graph.op("Add", product, graph.doubles("intercepts", intercepts, outputs));
    }

    /** {@code [1 - p, p]} from the {@code [N, 1]} probability of class 1. */
    static String binary(OnnxGraph graph, String probability) {
        String complement = graph.op("Sub", graph.scalar("one", 1), probability);
        return graph.op("Concat", List.of(complement, probability), Map.of("axis", 1L));
    }

    private static String linearSvm(OnnxGraph graph, String features, LinearSvmModel svm) {
        String decisions = affine(graph, features, svm.coefficients(), svm.intercepts());
        return switch (svm.task()) {
            case REGRESSION -> decisions;
            case CLASSIFICATION -> {
                String scaled = graph.op("Mul", decisions, graph.scalar("slope", svm.probabilitySlope()));
                yield svm.coefficients().length == 1
                        ? binary(graph, graph.op("Sigmoid", scaled))
                        : graph.op("Softmax", List.of(scaled), Map.of("axis", 1L));
            }
        };
    }

    private static String kernelSvm(OnnxGraph graph, String features, KernelSvmModel svm) {
        double[][] vectors = svm.supportVectors();
        int count = vectors.length;
        int width = svm.featureCount();
        if (count == 0) {
            throw MarqueeException.invalid("cannot export to ONNX: the kernel_svm model has no support vectors");
        }
        double[] transposed = new double[width * count];
        double[] norms = new double[count];
        for (int vector = 0; vector < count; vector++) {
            for (int feature = 0; feature < width; feature++) {
                double value = vectors[vector][feature];
                transposed[feature * count + vector] = value;
                norms[vector] += value * value;
            }
        }
        String dot = graph.op("MatMul", features, graph.doubles("support_vectors", transposed, width, count));
        SvmKernel kernel = svm.kernel();
        String kernelValues = switch (kernel.type()) {
            case LINEAR -> dot;
            case POLY -> graph.op("Pow",
                    graph.op("Add", graph.op("Mul", dot, graph.scalar("gamma", kernel.gamma())),
                            graph.scalar("coef0", kernel.coef0())),
                    graph.scalar("degree", kernel.degree()));
            case RBF -> {
                double[] ones = new double[width];
                Arrays.fill(ones, 1);
                String squaredNorms = graph.op("MatMul", graph.op("Mul", features, features),
                        graph.doubles("ones", ones, width, 1));
                String distances = graph.op("Sub",
                        graph.op("Add", squaredNorms, graph.doubles("support_norms", norms, 1, count)),
                        graph.op("Mul", graph.scalar("two", 2), dot));
                yield graph.op("Exp", graph.op("Mul", distances, graph.scalar("minus_gamma", -kernel.gamma())));
            }
        };
        if (svm.task() == Task.CLASSIFICATION && svm.supportCounts().length > 2) {
            return SvmCoupling.probabilities(graph, kernelValues, svm);
        }
        String decision = graph.op("Add",
                graph.op("MatMul", kernelValues,
                        graph.doubles("dual_coefficients", svm.dualCoefficients()[0], count, 1)),
                graph.doubles("intercept", new double[] {svm.intercepts()[0]}, 1));
        if (svm.task() == Task.REGRESSION) {
            return decision;
        }

        // Class 0 against class 1: Platt's sigmoid 1 / (1 + exp(A d + B)), kept within [1e-7, 1 - 1e-7].
        String exponent = graph.op("Add",
                graph.op("Mul", decision, graph.scalar("platt_a", svm.probabilityA()[0])),
                graph.scalar("platt_b", svm.probabilityB()[0]));
        String first = graph.op("Max",
                graph.op("Min", graph.op("Sigmoid", graph.op("Neg", exponent)),
                        graph.scalar("most", 1 - LEAST_PAIRWISE_PROBABILITY)),
                graph.scalar("least", LEAST_PAIRWISE_PROBABILITY));
        String second = graph.op("Sub", graph.scalar("one", 1), first);
        // The vote decides (a positive decision votes for class 0): the winner gets the larger probability.
        String firstWins = graph.op("Greater", decision, graph.scalar("zero", 0));
        String larger = graph.op("Max", first, second);
        String smaller = graph.op("Min", first, second);
        return graph.op("Concat",
                List.of(graph.op("Where", firstWins, larger, smaller), graph.op("Where", firstWins, smaller, larger)),
                Map.of("axis", 1L));
    }

    private static String mlp(OnnxGraph graph, String features, MlpModel mlp) {
        int[] sizes = mlp.layerSizes();
        int last = mlp.weights().length - 1;
        String current = features;
        for (int layer = 0; layer <= last; layer++) {
            String product = graph.op("MatMul", current,
                    graph.doubles("weights", mlp.weights()[layer], sizes[layer], sizes[layer + 1]));
            current = graph.op("Add", product, graph.doubles("biases", mlp.biases()[layer], sizes[layer + 1]));
            if (layer < last) {
                current = switch (mlp.activation()) {
                    case RELU -> graph.op("Relu", current);
                    case TANH -> graph.op("Tanh", current);
                    case LOGISTIC -> graph.op("Sigmoid", current);
                };
            }
        }
        return switch (mlp.output()) {
            case SOFTMAX -> graph.op("Softmax", List.of(current), Map.of("axis", 1L));
            case LOGISTIC -> binary(graph, graph.op("Sigmoid", current));
            case IDENTITY -> current;
        };
    }

    /** Casts an FP32 tensor to DOUBLE. */
    static String toDouble(OnnxGraph graph, String value) {
        return graph.op("Cast", List.of(value), Map.of("to", (long) TensorProto.DataType.DOUBLE_VALUE));
    }
}
