package dev.marquee.cli;

import dev.marquee.client.MarqueeClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the server is and which key to use; shared by every command that calls the REST API. */
final class ClientOptions {
    @Option(names = "--url", defaultValue = "${env:MARQUEE_URL:-http://localhost:8080}",
            description = "Marquee server URL (env MARQUEE_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--api-key", defaultValue = "${env:MARQUEE_API_KEY}",
            description = "API key (env MARQUEE_API_KEY)")
    String apiKey;

    MarqueeClient client() {
        String base = url.endsWith("/") ? url : url + "/";
        return new MarqueeClient(URI.create(base), Optional.ofNullable(apiKey), Duration.ofMinutes(10));
    }
}
