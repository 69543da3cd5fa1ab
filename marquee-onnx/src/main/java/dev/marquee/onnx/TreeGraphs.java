package dev.marquee.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.classic.GradientBoostingModel;
import dev.marquee.classic.Tree;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tree models as the ONNX-ML {@code TreeEnsembleRegressor} (opset 3), one target per model output. Marquee's own
 * trees go left when {@code x <= threshold} ({@code BRANCH_LEQ}, thresholds and leaf values as DOUBLE tensors so no
 * split rounds differently); XGBoost's go left when {@code x < threshold} in FP32, with a default direction for a
 * missing value ({@code BRANCH_LT} over the features cast to FP32, as XGBoost casts them). The operator's output is
 * FP32 and is cast to DOUBLE.
 */
final class TreeGraphs {
    private TreeGraphs() {}

    /** A decision tree (sum of one) or a random forest (average), values as {@code [N, outputs]} DOUBLE. */
    static String ensemble(OnnxGraph graph, String features, List<Tree> trees, boolean average) {
        int outputs = trees.getFirst().outputCount();
        Nodes nodes = new Nodes();
        for (int treeIndex = 0; treeIndex < trees.size(); treeIndex++) {
            Tree tree = trees.get(treeIndex);
            for (int node = 0; node < tree.nodeCount(); node++) {
                if (tree.isLeaf(node)) {
                    nodes.leaf(treeIndex, node);
                    for (int output = 0; output < outputs; output++) {
                        nodes.vote(treeIndex, node, output, tree.values()[node * outputs + output]);
                    }
                }
                else {
                    nodes.split(treeIndex, node, "BRANCH_LEQ", tree.features()[node], tree.thresholds()[node],
                            tree.leftChildren()[node], tree.rightChildren()[node], false);
                }
            }
        }
        Map<String, Object> attributes = nodes.attributes(true);
        attributes.put("n_targets", (long) outputs);
        attributes.put("aggregate_function", average ? "AVERAGE" : "SUM");
        String scores = graph.fresh("tree_scores");
        graph.node(OnnxGraph.ML_DOMAIN, "TreeEnsembleRegressor", List.of(features), List.of(scores), attributes);
        return ModelGraphs.toDouble(graph, scores);
    }

    /** An XGBoost booster's first {@code rounds} rounds, with its base score and objective's link function. */
    static String boosting(OnnxGraph graph, String features, GradientBoostingModel model) {
        Booster booster = Booster.parse(model.booster(), model.rounds());
        int groups = model.task() == Task.CLASSIFICATION && model.outputCount() == 2 ? 1 : model.outputCount();
        if (booster.groups() != groups) {
            throw MarqueeException.invalid(
                    "cannot export to ONNX: the booster has %d output groups, the model %d", booster.groups(), groups);
        }
        Nodes nodes = new Nodes();
        for (int treeIndex = 0; treeIndex < booster.trees().size(); treeIndex++) {
            JsonNode tree = booster.trees().get(treeIndex);
            int group = booster.treeGroups()[treeIndex];
            JsonNode left = tree.get("left_children");
            JsonNode right = tree.get("right_children");
            JsonNode splits = tree.get("split_indices");
            JsonNode conditions = tree.get("split_conditions");
            JsonNode defaultLeft = tree.get("default_left");
            for (int node = 0; node < left.size(); node++) {
                if (left.get(node).asInt() == -1) {
                    nodes.leaf(treeIndex, node);
                    nodes.vote(treeIndex, node, group, (float) conditions.get(node).asDouble());
                }
                else {
                    nodes.split(treeIndex, node, "BRANCH_LT", splits.get(node).asInt(),
                            (float) conditions.get(node).asDouble(), left.get(node).asInt(), right.get(node).asInt(),
                            defaultLeft.get(node).asInt() != 0);
                }
            }
        }
        Map<String, Object> attributes = nodes.attributes(false);
        attributes.put("n_targets", (long) groups);
        attributes.put("aggregate_function", "SUM");
        float[] base = new float[groups];
        for (int group = 0; group < groups; group++) {
            base[group] = (float) booster.baseMargins()[group];
        }
        attributes.put("base_values", base);
        String floats = graph.op("Cast", List.of(features), Map.of("to", (long) TensorProto.DataType.FLOAT_VALUE));
        String margins = graph.fresh("margins");
        graph.node(OnnxGraph.ML_DOMAIN, "TreeEnsembleRegressor", List.of(floats), List.of(margins), attributes);
        return switch (model.task()) {
            case REGRESSION -> ModelGraphs.toDouble(graph, margins);
            case CLASSIFICATION -> {
                if (groups == 1) {
                    yield ModelGraphs.binary(graph, ModelGraphs.toDouble(graph, graph.op("Sigmoid", margins)));
                }
                // Marquee renormalises XGBoost's FP32 softmax in double precision.
                String probabilities = ModelGraphs.toDouble(graph,
                        graph.op("Softmax", List.of(margins), Map.of("axis", 1L)));
                double[] ones = new double[groups];
                java.util.Arrays.fill(ones, 1);
                String sums = graph.op("MatMul", probabilities, graph.doubles("ones", ones, groups, 1));
                yield graph.op("Div", probabilities, sums);
            }
        };
    }

    /** The node and target attribute lists of one {@code TreeEnsembleRegressor}, filled tree by tree. */
    private static final class Nodes {
        private final List<Long> treeIds = new ArrayList<>();
        private final List<Long> nodeIds = new ArrayList<>();
        private final List<Long> featureIds = new ArrayList<>();
        private final List<String> modes = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final List<Long> trueIds = new ArrayList<>();
        private final List<Long> falseIds = new ArrayList<>();
        private final List<Long> missingTracksTrue = new ArrayList<>();
        private final List<Long> targetTreeIds = new ArrayList<>();
        private final List<Long> targetNodeIds = new ArrayList<>();
        private final List<Long> targetIds = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        void split(int tree, int node, String mode, int feature, double threshold, int left, int right,
                boolean missingLeft) {
            add(tree, node, mode, feature, threshold, left, right, missingLeft);
        }

        void leaf(int tree, int node) {
            add(tree, node, "LEAF", 0, 0, 0, 0, false);
        }

        void vote(int tree, int node, int target, double weight) {
            targetTreeIds.add((long) tree);
            targetNodeIds.add((long) node);
            targetIds.add((long) target);
            weights.add(weight);
        }

        private void add(int tree, int node, String mode, int feature, double threshold, int left, int right,
                boolean missingLeft) {
            treeIds.add((long) tree);
            nodeIds.add((long) node);
            featureIds.add((long) feature);
            modes.add(mode);
            values.add(threshold);
            trueIds.add((long) left);
            falseIds.add((long) right);
            missingTracksTrue.add(missingLeft ? 1L : 0L);
        }

        /** The attributes; thresholds and weights as DOUBLE tensors when {@code doubles}, else as FP32 lists. */
        Map<String, Object> attributes(boolean doubles) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("nodes_treeids", longs(treeIds));
            attributes.put("nodes_nodeids", longs(nodeIds));
            attributes.put("nodes_featureids", longs(featureIds));
            attributes.put("nodes_modes", List.copyOf(modes));
            attributes.put("nodes_truenodeids", longs(trueIds));
            attributes.put("nodes_falsenodeids", longs(falseIds));
            attributes.put("nodes_missing_value_tracks_true", longs(missingTracksTrue));
            attributes.put("target_treeids", longs(targetTreeIds));
            attributes.put("target_nodeids", longs(targetNodeIds));
            attributes.put("target_ids", longs(targetIds));
            if (doubles) {
                attributes.put("nodes_values_as_tensor", doubles(values));
                attributes.put("target_weights_as_tensor", doubles(weights));
            }
            else {
                attributes.put("nodes_values", floats(values));
                attributes.put("target_weights", floats(weights));
            }
            return attributes;
        }

        private static long[] longs(List<Long> values) {
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private static double[] doubles(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private static float[] floats(List<Double> values) {
            float[] floats = new float[values.size()];
            for (int index = 0; index < floats.length; index++) {
                floats[index] = values.get(index).floatValue();
            }
            return floats;
        }
    }

    /**
     * What the export needs from XGBoost's JSON model format: the trees of the first rounds, the output group of each
     * tree, and the base score per group on the margin scale.
     */
    record Booster(List<JsonNode> trees, int[] treeGroups, int groups, double[] baseMargins) {
        static Booster parse(byte[] json, int rounds) {
            JsonNode learner;
            try {
                learner = new ObjectMapper().readTree(json).path("learner");
            }
            catch (IOException e) {
                throw MarqueeException.invalid("cannot export to ONNX: the booster is not readable JSON: %s",
                        e.getMessage());
            }
            String objective = learner.path("objective").path("name").asText();
            JsonNode model = learner.path("gradient_booster").path("model");
            if (!learner.path("gradient_booster").path("name").asText().equals("gbtree")) {
                throw MarqueeException.invalid("cannot export to ONNX: only gbtree boosters export, not %s",
                        learner.path("gradient_booster").path("name").asText());
            }
            JsonNode parameters = learner.path("learner_model_param");
            int classes = parameters.path("num_class").asInt(0);
            int groups = Math.max(1, Math.max(classes, parameters.path("num_target").asInt(1)));
            JsonNode allTrees = model.path("trees");
            JsonNode indptr = model.path("iteration_indptr");
            int treeCount = indptr.isArray() && indptr.size() > rounds
                    ? indptr.get(rounds).asInt()
                    : Math.min(allTrees.size(), rounds * groups
                            * Math.max(1, model.path("gbtree_model_param").path("num_parallel_tree").asInt(1)));
            List<JsonNode> trees = new ArrayList<>(treeCount);
            int[] treeGroups = new int[treeCount];
            for (int tree = 0; tree < treeCount; tree++) {
                trees.add(allTrees.get(tree));
                treeGroups[tree] = model.path("tree_info").get(tree).asInt();
            }
            double[] scores = baseScores(parameters.path("base_score").asText(), groups);
            double[] margins = new double[groups];
            for (int group = 0; group < groups; group++) {
                margins[group] = switch (objective) {
                    case "binary:logistic", "reg:logistic" -> Math.log(scores[group] / (1 - scores[group]));
                    case "reg:squarederror", "multi:softprob", "multi:softmax" -> scores[group];
                    default -> throw MarqueeException.invalid(
                            "cannot export to ONNX: XGBoost objective '%s' has no ONNX translation", objective);
                };
            }
            return new Booster(trees, treeGroups, groups, margins);
        }

        /** XGBoost writes one score ({@code "5E-1"}) or, since 3.0, a vector ({@code "[5E-1]"}). */
        private static double[] baseScores(String text, int groups) {
            String[] parts = text.replace("[", "").replace("]", "").split(",");
            double[] scores = new double[groups];
            for (int group = 0; group < groups; group++) {
                scores[group] = Double.parseDouble(parts[parts.length == 1 ? 0 : group].strip());
            }
            return scores;
        }
    }
}
