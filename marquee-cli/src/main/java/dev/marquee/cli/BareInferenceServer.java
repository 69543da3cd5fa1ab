package dev.marquee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * The serving benchmark's ceiling: a bare Helidon handler that does what an OIP infer call must do at the least —
 * parse the JSON body, take the row, compute a 30-weight logistic regression and write an OIP-shaped JSON answer —
 * with no authentication, routing, validation or model runtime. Marquee is measured as a fraction of it.
 */
final class BareInferenceServer implements AutoCloseable {
    static final String PATH = "/v2/models/bare/infer";

    private final ObjectMapper mapper = Json.newObjectMapper();
    private final double[] weights;
    private final WebServer server;

    BareInferenceServer(int features) {
        weights = new SplittableRandom(7).doubles(features, -1, 1).toArray();
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(routing -> routing.post(PATH, (request, response) -> {
                    byte[] answer;
                    try (InputStream body = request.content().inputStream()) {
                        answer = infer(mapper.readTree(body));
                    }
                    catch (IOException | RuntimeException e) {
                        response.status(Status.BAD_REQUEST_400).send();
                        return;
                    }
                    response.header(HeaderNames.CONTENT_TYPE, "application/json");
                    response.send(answer);
                }))
                .build()
                .start();
    }

    private byte[] infer(JsonNode request) throws IOException {
        JsonNode data = request.path("inputs").path(0).path("data");
        double score = 0;
        for (int feature = 0; feature < weights.length; feature++) {
            score += weights[feature] * data.path(feature).asDouble();
        }
        double positive = 1 / (1 + Math.exp(-score));
        ObjectNode response = mapper.createObjectNode();
        response.put("model_name", "bare");
        response.put("model_version", "1");
        ArrayNode outputs = response.putArray("outputs");
        ObjectNode output = outputs.addObject();
        output.put("name", "probabilities");
        output.put("datatype", "FP64");
        output.putArray("shape").add(1).add(2);
        output.putArray("data").add(1 - positive).add(positive);
        return mapper.writeValueAsBytes(response);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

}
