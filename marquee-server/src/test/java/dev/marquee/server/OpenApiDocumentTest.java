package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.marquee.client.ApiResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document lists exactly the routes of the server's route table. */
class OpenApiDocumentTest {
    @TempDir
    Path dataDirectory;

    @Test
    void documentMatchesTheRouteTable() throws IOException {
        try (TestServer server = TestServer.start(dataDirectory)) {
            ApiResponse response = server.anonymous().get("/openapi.yaml");
            assertThat(response.status()).isEqualTo(200);
            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(response.body());
            Set<String> documented = new HashSet<>();
            JsonNode paths = document.path("paths");
            for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
                String path = names.next();
                for (Iterator<String> methods = paths.path(path).fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
            Set<String> served = new HashSet<>();
            for (ApiRoute route : server.server().routes()) {
                served.add(route.method().text() + " " + route.path());
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
        }
    }
}
