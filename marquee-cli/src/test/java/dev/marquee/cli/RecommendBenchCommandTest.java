package dev.marquee.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.core.Json;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.SyntheticInteractions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code marquee bench recommend} on a small generated file, without the Spark baseline. */
class RecommendBenchCommandTest {
    @TempDir
    Path directory;

    @Test
    void printsTheTableAndWritesJsonForEveryAlgorithm() throws IOException {
        Path csv = directory.resolve("plays.csv");
        Interactions interactions = SyntheticInteractions.generate(300, 200, 6_000, 3);
        StringBuilder text = new StringBuilder("user,item\n");
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int position = interactions.start(user); position < interactions.end(user); position++) {
                text.append(interactions.userId(user)).append(',')
                        .append(interactions.itemId(interactions.itemAt(position))).append('\n');
            }
        }
        Files.writeString(csv, text);
        Path output = directory.resolve("result.json");

        Run run = run("bench", "recommend", "--data", csv.toString(), "--format", "csv", "--factors", "8",
                "--iterations", "3", "--alpha", "10", "--regularization", "10", "--no-baseline", "--output",
                output.toString());

        assertThat(run.exitCode()).as(run.error()).isZero();
        assertThat(run.output()).contains("| plays.csv | MostPop | marquee |", "| plays.csv | ItemKNN | marquee |",
                "| plays.csv | EASE | marquee |", "| plays.csv | BPR | marquee |", "| plays.csv | ALS | marquee |");
        assertThat(run.output()).doesNotContain("published anchor", "rating model");
        JsonNode json = Json.newObjectMapper().readTree(output.toFile());
        assertThat(json.get("protocol").asText()).isEqualTo("per-user-random");
        assertThat(json.get("results")).hasSize(5);
        assertThat(json.get("anchors")).isEmpty();
        for (JsonNode result : json.get("results")) {
            assertThat(result.get("ndcg").asDouble()).isBetween(0.0, 1.0);
            assertThat(result.get("fitSeconds").asDouble()).isNotNegative();
        }
    }

    @Test
    void aMovieLensFileGetsRatingPredictionAndTheComparisonWithThePublishedAnchors() throws IOException {
        Path udata = directory.resolve("u.data");
        Interactions interactions = SyntheticInteractions.generate(200, 150, 4_000, 5);
        StringBuilder text = new StringBuilder();
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int position = interactions.start(user); position < interactions.end(user); position++) {
                int item = interactions.itemAt(position);
                // u.data: user, item, rating 1-5, timestamp, tab-separated; ids are numbers.
                text.append(user + 1).append('\t').append(item + 1).append('\t').append(1 + (user * 7 + item) % 5)
                        .append('\t').append(880_000_000 + position).append('\n');
            }
        }
        Files.writeString(udata, text);
        Path output = directory.resolve("movielens.json");

        Run run = run("bench", "recommend", "--data", udata.toString(), "--format", "movielens-udata", "--factors",
                "8", "--iterations", "3", "--alpha", "10", "--regularization", "10", "--no-baseline", "--output",
                output.toString());

        assertThat(run.exitCode()).as(run.error()).isZero();
        assertThat(run.output()).contains("| u.data | BiasedMF-", "| published anchor |",
                "| RecBole BPR (MovieLens-100K) | NDCG@10 | 0.2768 |",
                "| RecBole BPR (MovieLens-100K) | Recall@10 | 0.2368 |",
                "| RecBole BPR (MovieLens-100K) | MRR@10 | 0.4519 |",
                "| Surprise SVD (MovieLens-100K) | RMSE, 5-fold | 0.9340 |",
                "| Surprise SVD++ (MovieLens-100K) | RMSE, 5-fold | 0.9190 |");
        JsonNode json = Json.newObjectMapper().readTree(output.toFile());
        JsonNode rating = json.get("rating");
        assertThat(rating.get("rmse").asDouble()).isBetween(0.0, 4.0);
        assertThat(rating.get("chosen").asText()).startsWith("BiasedMF-");
        assertThat(json.get("anchors")).hasSize(5);
        JsonNode best = json.get("results").get(0);
        for (JsonNode result : json.get("results")) {
            if (result.get("validationNdcg").asDouble() > best.get("validationNdcg").asDouble()) {
                best = result;
            }
        }
        JsonNode ndcg = json.get("anchors").get(0);
        assertThat(ndcg.get("model").asText()).isEqualTo(best.get("chosen").asText());
        assertThat(ndcg.get("measured").asDouble()).isEqualTo(best.get("ndcg").asDouble());
        assertThat(ndcg.get("beaten").asBoolean()).isEqualTo(best.get("ndcg").asDouble() > 0.2768);
    }

    @Test
    void rejectsUnknownFormatsAndProtocolsAndTimeSplitsWithoutTimestamps() throws IOException {
        Path csv = directory.resolve("plays.csv");
        Files.writeString(csv, "user,item\nu1,i1\nu1,i2\nu1,i3\n");
        assertThat(run("bench", "recommend", "--data", csv.toString(), "--format", "parquet").error())
                .contains("--format must be one of");
        assertThat(run("bench", "recommend", "--data", csv.toString(), "--format", "csv", "--protocol", "random")
                .error()).contains("--protocol must be one of");
        Run temporal = run("bench", "recommend", "--data", csv.toString(), "--format", "csv", "--protocol",
                "leave-last-out", "--no-baseline");
        assertThat(temporal.exitCode()).isEqualTo(2);
        assertThat(temporal.error()).contains("no timestamps");
        assertThat(run("bench", "recommend", "--data", directory.resolve("absent.txt").toString()).exitCode())
                .isEqualTo(2);
    }

    private record Run(int exitCode, String output, String error) {}

    private static Run run(String... arguments) {
        StringWriter output = new StringWriter();
        StringWriter error = new StringWriter();
        int exitCode = MarqueeCommand.execute(new PrintWriter(output, true), new PrintWriter(error, true), arguments);
        return new Run(exitCode, output.toString(), error.toString());
    }
}
