package dev.marquee.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.core.SampleDatasets;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.ServerConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marquee command line against a real server: the README's path, and the quickstart itself. */
class CommandLineTest {
    private static final String ADMIN_KEY = "mq_cli-test-operator-key-0123456789";

    @TempDir
    Path directory;

    @Test
    void uploadTrainDeployPredictThroughTheCommandLine() throws IOException {
        Path csv = directory.resolve("viewers.csv");
        Files.writeString(csv, SampleDatasets.viewerChurn(1500, 21));
        try (MarqueeServer server = MarqueeServer.start(ServerConfigLoader.fromProperties(Map.of(
                "http-port", "0", "grpc-port", "0", "host", "127.0.0.1", "data-dir", directory.resolve("data").toString(),
                "admin-key", ADMIN_KEY)))) {
            String url = "http://127.0.0.1:" + server.port();
            Result upload = run("dataset", "upload", csv.toString(), "--name", "viewers", "--url", url, "--api-key", ADMIN_KEY);
            assertThat(upload.exitCode()).as(upload.error()).isZero();
            String datasetId = extract(upload.output(), "\"id\" : \"(ds_[0-9a-f]+)\"");

            Result train = run("train", "--dataset", datasetId, "--target", "churned", "--algorithm", "logistic_regression",
                    "--model", "churn", "--param", "max_iterations=200", "--url", url, "--api-key", ADMIN_KEY);
            assertThat(train.exitCode()).as(train.output() + train.error()).isZero();
            assertThat(train.output()).contains("100%").contains("\"state\" : \"succeeded\"").contains("\"accuracy\"");

            Result models = run("models", "churn", "--url", url, "--api-key", ADMIN_KEY);
            assertThat(models.output()).contains("\"model_name\" : \"churn\"");

            Path onnx = directory.resolve("churn.onnx");
            Result export = run("models", "export-onnx", "churn", "--version", "1", "--output", onnx.toString(),
                    "--url", url, "--api-key", ADMIN_KEY);
            assertThat(export.exitCode()).as(export.error()).isZero();
            assertThat(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getOutputList())
                    .extracting(ai.onnx.proto.OnnxMl.ValueInfoProto::getName)
                    .containsExactly("label", "probabilities");

            Result deploy = run("deploy", "--endpoint", "churn", "--model", "churn", "--version", "1",
                    "--url", url, "--api-key", ADMIN_KEY);
            assertThat(deploy.exitCode()).as(deploy.error()).isZero();

            Result predict = run("predict", "churn", "--row",
                    "age=30,plan=basic,weekly_hours=2,sessions_per_week=1,has_kids=false,favourite_genre=drama,"
                            + "signup_date=2024-01-01,monthly_spend=6.5",
                    "--url", url, "--api-key", ADMIN_KEY);
            assertThat(predict.exitCode()).as(predict.error()).isZero();
            assertThat(predict.output()).contains("\"name\" : \"predict\"").contains("\"probabilities\"");
        }
    }

    @Test
    void uploadAppendTrainAndRetrainARecommenderThroughTheCommandLine() throws IOException {
        StringBuilder events = new StringBuilder();
        for (int user = 0; user < 60; user++) {
            for (int item = 0; item < 8; item++) {
                events.append(user).append("::").append((user % 3) * 8 + item).append("::4::").append(1000 + item)
                        .append('\n');
            }
        }
        Path ratings = directory.resolve("ratings.dat");
        Files.writeString(ratings, events);
        Path more = directory.resolve("more.csv");
        Files.writeString(more, "user,item,rating,timestamp\n0,23,5,2000\n");
        try (MarqueeServer server = MarqueeServer.start(ServerConfigLoader.fromProperties(Map.of(
                "http-port", "0", "grpc-port", "0", "host", "127.0.0.1", "data-dir", directory.resolve("data").toString(),
                "admin-key", ADMIN_KEY)))) {
            String url = "http://127.0.0.1:" + server.port();
            Result upload = run("dataset", "upload", ratings.toString(), "--name", "plays", "--format", "ratings.dat",
                    "--url", url, "--api-key", ADMIN_KEY);
            assertThat(upload.exitCode()).as(upload.error()).isZero();
            assertThat(upload.output()).contains("\"kind\" : \"interactions\"");
            String datasetId = extract(upload.output(), "\"id\" : \"(ds_[0-9a-f]+)\"");

            Result train = run("train", "--dataset", datasetId, "--algorithm", "item_knn", "--model", "picks",
                    "--k", "5", "--param", "neighbours=20", "--url", url, "--api-key", ADMIN_KEY);
            assertThat(train.exitCode()).as(train.output() + train.error()).isZero();
            assertThat(train.output()).contains("\"state\" : \"succeeded\"").contains("\"ndcg@5\"");

            Result append = run("dataset", "append", more.toString(), "--dataset", datasetId,
                    "--url", url, "--api-key", ADMIN_KEY);
            assertThat(append.exitCode()).as(append.error()).isZero();
            assertThat(append.output()).contains("\"version\" : 2");

            Result retrain = run("models", "retrain", "picks", "--url", url, "--api-key", ADMIN_KEY);
            assertThat(retrain.exitCode()).as(retrain.error()).isZero();
            assertThat(retrain.output()).contains("\"algorithm\" : \"item_knn\"");
        }
    }

    @Test
    void apiErrorsBecomeAClearMessageAndExitCodeOne() {
        try (MarqueeServer server = MarqueeServer.start(ServerConfigLoader.fromProperties(Map.of(
                "http-port", "0", "grpc-port", "0", "host", "127.0.0.1", "data-dir", directory.resolve("data").toString(),
                "admin-key", ADMIN_KEY)))) {
            Result result = run("models", "missing", "--url", "http://127.0.0.1:" + server.port(), "--api-key", ADMIN_KEY);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.error()).contains("404").contains("model 'missing' not found");
        }
    }

    @Test
    void quickstartRunsTheWholePath() {
        Result result = run("quickstart", "--port", "0", "--grpc-port", "0", "--rows", "1500", "--data-dir", directory.resolve("qs").toString());
        assertThat(result.exitCode()).as(result.output() + result.error()).isZero();
        assertThat(result.output())
                .contains("==> Create a tenant")
                .contains("curl -s -X POST")
                .contains("test metrics (held-out rows)")
                .contains("predict [2]")
                .contains("==> Done");
    }

    @Test
    void loadBenchmarksRefuseSettingsBelowOneBeforeStartingAnything() {
        for (String[] arguments : List.of(
                new String[] {"bench", "serving", "--rounds", "0"},
                new String[] {"bench", "serving", "--grpc-streams", "0"},
                new String[] {"bench", "serving", "--load-threads", "0"},
                new String[] {"bench", "recommend-serving", "--load-threads", "0"})) {
            Result result = run(arguments);
            assertThat(result.exitCode()).as(String.join(" ", arguments)).isEqualTo(2);
            assertThat(result.error()).contains("must be at least");
        }
    }

    @Test
    void helpListsEveryCommand() {
        Result result = run("--help");
        assertThat(result.exitCode()).isZero();
        for (String command : List.of("serve", "quickstart", "dataset", "train", "models", "bench", "deploy", "predict")) {
            assertThat(result.output()).contains(command);
        }
    }

    @Test
    void tabularBenchmarkUsesTheGivenTestRowsAndWritesATableAndJson() throws IOException {
        Path data = directory.resolve("bench");
        Files.createDirectories(data);
        StringBuilder classes = new StringBuilder("x1,x2,target\n");
        StringBuilder values = new StringBuilder("x1,x2,target\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int row = 0; row < 80; row++) {
            double x1 = random.nextDouble() * 4 - 2;
            double x2 = random.nextDouble() * 4 - 2;
            classes.append(x1).append(',').append(x2).append(',').append(x1 + x2 > 0 ? 1 : 0).append('\n');
            values.append(x1).append(',').append(x2).append(',').append(3 * x1 - x2 + 1).append('\n');
        }
        Files.writeString(data.resolve("blobs.csv"), classes);
        Files.writeString(data.resolve("line.csv"), values);
        Files.writeString(data.resolve("splits.json"), """
                {"datasets": {
                  "blobs": {"file": "blobs.csv", "stratified": true, "test": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]},
                  "line": {"file": "line.csv", "stratified": false, "test": [10, 11, 12, 13, 14]}}}
                """);
        Path json = directory.resolve("results/tabular.json");

        Result result = run("bench", "tabular", "--data-dir", data.toString(), "--large-rows", "500", "--no-baseline",
                "--algorithms", "logistic_regression,linear_regression,decision_tree", "--output", json.toString());

        assertThat(result.exitCode()).as(result.error()).isZero();
        assertThat(result.output())
                .contains("| blobs | logistic_regression | accuracy |")
                .contains("| line | linear_regression | rmse | 0.0000 |")
                .contains("| line | ridge | rmse |")
                .contains("| generated_1m | decision_tree | accuracy |")
                .doesNotContain("| blobs | linear_regression");
        assertThat(Files.readString(json)).contains("\"dataset\" : \"blobs\"", "\"library\" : \"marquee\"");
    }

    @Test
    void trainingProgressShowsTheServersTimeEstimate() {
        com.fasterxml.jackson.databind.node.ObjectNode job =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        job.put("message", "epoch 3/10");
        assertThat(TrainCommand.withEta(job)).isEqualTo("epoch 3/10");
        job.put("eta_seconds", 125);
        assertThat(TrainCommand.withEta(job)).isEqualTo("ETA 2m05s epoch 3/10");
        job.put("eta_seconds", 7322);
        assertThat(TrainCommand.withEta(job)).isEqualTo("ETA 2h02m epoch 3/10");
    }

    private record Result(int exitCode, String output, String error) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = MarqueeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static String extract(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
        return matcher.group(1);
    }
}
