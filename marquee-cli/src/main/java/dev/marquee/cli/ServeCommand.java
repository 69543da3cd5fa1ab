package dev.marquee.cli;

import dev.marquee.server.JsonLogFormatter;
import dev.marquee.server.MarqueeServer;
import dev.marquee.server.ServerConfig;
import dev.marquee.server.ServerConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Start the Marquee server: REST management API under /v1, Open Inference Protocol under /v2",
            "and over gRPC (inference.GRPCInferenceService), embedded SQLite metadata and a local artifact directory.",
            "Settings come from defaults < --config file < MARQUEE_* environment < flags.",
            "Keys for --config and --set: host, http-port, grpc-port, data-dir, admin-key, max-upload-size,",
            "max-request-size, max-infer-elements, training-workers, training-queue-capacity,",
            "training-timeout, max-loaded-models, shutdown-grace-period, audit-page-limit, auth-cache-ttl (see README)."})
final class ServeCommand extends CommandBase {
    @Option(names = "--port", description = "HTTP port (default 8080)")
    Integer port;

    @Option(names = "--grpc-port", description = "gRPC port (default 8081; 0 = any free port, off = no gRPC)")
    String grpcPort;

    @Option(names = "--data-dir", description = "data directory (default ./marquee-data)")
    Path dataDirectory;

    @Option(names = "--config", description = "properties file with the configuration keys")
    Path configFile;

    @Option(names = "--set", description = "any configuration key, e.g. --set training-workers=2")
    Map<String, String> settings = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        JsonLogFormatter.install(Level.INFO);
        Map<String, String> flags = new HashMap<>(settings);
        if (port != null) {
            flags.put("http-port", Integer.toString(port));
        }
        if (grpcPort != null) {
            flags.put("grpc-port", grpcPort);
        }
        if (dataDirectory != null) {
            flags.put("data-dir", dataDirectory.toString());
        }
        ServerConfig config = ServerConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), flags);
        MarqueeServer server = MarqueeServer.start(config);
        server.generatedAdminKey().ifPresent(key -> out().printf(
                "%nCreated the operator admin API key (shown once, store it now):%n  %s%n%n", key));
        out().printf("Marquee is listening on http://localhost:%d%s (Ctrl-C stops it)%n", server.port(),
                server.grpcPort().isPresent() ? " and gRPC localhost:" + server.grpcPort().getAsInt() : "");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "marquee-shutdown"));
        stopped.await();
        return 0;
    }
}
