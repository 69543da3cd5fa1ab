package dev.marquee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.client.OipRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Call an endpoint over the Open Inference Protocol.",
            "Either --row name=value,name=value (repeatable; typed from the model's metadata)",
            "or --body FILE with a ready-made OIP request."})
final class PredictCommand extends CommandBase {
    @Mixin
    ClientOptions options;

    @Parameters(index = "0", description = "endpoint name")
    String endpoint;

    @Option(names = "--row", description = "one input row, e.g. age=31,plan=premium")
    List<String> rows = new ArrayList<>();

    @Option(names = "--body", description = "file with an OIP infer request body")
    Path body;

    @Override
    public Integer call() throws IOException {
        if ((body == null) == rows.isEmpty()) {
            err().println("give either --row (one or more) or --body");
            return 2;
        }
        try (MarqueeClient client = options.client()) {
            Object request;
            if (body != null) {
                request = Files.readAllBytes(body);
            } else {
                JsonNode metadata = client.get("/v2/models/" + MarqueeClient.encode(endpoint)).successJson();
                request = OipRequests.fromRows(metadata, rows.stream().map(PredictCommand::parseRow).toList());
            }
            out().println(new Output().pretty(client.infer(endpoint, request).successJson()));
        }
        return 0;
    }

    private static Map<String, String> parseRow(String row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : row.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'%s' is not name=value".formatted(pair));
            }
            values.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return values;
    }

}
