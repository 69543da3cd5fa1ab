package dev.marquee.server;

import dev.marquee.client.MarqueeClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real Marquee server on a free port over a given data directory, with a known operator admin key. */
final class TestServer implements AutoCloseable {
    static final String ADMIN_KEY = "mq_test-operator-admin-key-0123456789abcdef";

    private final MarqueeServer server;

    private TestServer(MarqueeServer server) {
        this.server = server;
    }

    static TestServer start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    static TestServer start(Path dataDirectory, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("http-port", "0");
        properties.putIfAbsent("grpc-port", "0");
        properties.put("host", "127.0.0.1");
        properties.put("data-dir", dataDirectory.toString());
        properties.put("admin-key", ADMIN_KEY);
        properties.putIfAbsent("shutdown-grace-period", "2s");
        return new TestServer(MarqueeServer.start(ServerConfigLoader.fromProperties(properties)));
    }

    MarqueeServer server() {
        return server;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    MarqueeClient operator() {
        return new MarqueeClient(url(), ADMIN_KEY);
    }

    MarqueeClient anonymous() {
        return new MarqueeClient(url(), Optional.empty(), Duration.ofMinutes(2));
    }

    @Override
    public void close() {
        server.close();
    }
}
