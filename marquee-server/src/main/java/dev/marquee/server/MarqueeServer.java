package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.marquee.core.Json;
import dev.marquee.recommend.ItemIndexSettings;
import dev.marquee.runtime.BatchingPolicy;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.InferenceScheduler;
import dev.marquee.runtime.InferenceSchedulerConfig;
import dev.marquee.runtime.Experiments;
import dev.marquee.runtime.ModelCache;
import dev.marquee.runtime.ModelCacheConfig;
import dev.marquee.runtime.OipJsonCodec;
import dev.marquee.runtime.ServedModels;
import dev.marquee.store.ArtifactStore;
import dev.marquee.store.JdbcMetadataStore;
import dev.marquee.store.LocalArtifactStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import dev.marquee.store.Tenant;
import dev.marquee.training.TrainingJobs;
import dev.marquee.training.TrainingJobsConfig;
import dev.marquee.training.TrainingPipeline;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running Marquee server: metadata store, artifact store, training jobs, deployments and the HTTP listener, wired
 * together. {@link #close()} stops accepting work, lets in-flight requests finish (up to the grace period) and
 * releases everything.
 */
public final class MarqueeServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MarqueeServer.class.getName());

    private final MetadataStore store;
    private final TrainingJobs jobs;
    private final WebServer webServer;
    private final Optional<Server> grpcServer;
    private final ExecutorService grpcExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ApiRoute> routes;
    private final Optional<String> generatedAdminKey;
    private final RequestGate gate = new RequestGate();
    private final Duration shutdownGracePeriod;
    private final PrometheusMeterRegistry meters;
    private final ModelCache modelCache;
    private final InferenceScheduler scheduler;
    private final Deployments deployments;
    private final RequestLogging requestLogging;
    private final RecommendRoutes recommendations;

    private MarqueeServer(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        this.shutdownGracePeriod = config.shutdownGracePeriod();
        String version = version();
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDirectory(), e);
        }
        this.store = JdbcMetadataStore.openSqlite(config.dataDirectory().resolve("metadata.db"));
        ArtifactStore artifacts = new LocalArtifactStore(config.dataDirectory().resolve("artifacts"));
        this.generatedAdminKey = bootstrap(store, config.adminKey());
        this.jobs = new TrainingJobs(
                store,
                artifacts,
                new TrainingPipeline(),
                new TrainingJobsConfig(
                        config.trainingWorkers(),
                        config.trainingQueueCapacity(),
                        config.trainingTimeout(),
                        TrainingJobsConfig.DEFAULT.maxDatasetRows()),
                clock,
                version);
        jobs.start();
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        @SuppressWarnings("resource") // closed with the registry
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);

        ObjectMapper mapper = Json.newObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        this.modelCache = new ModelCache(
                artifacts,
                ServedModels.loader(ItemIndexSettings.defaults().withApproximateAbove(
                        config.recommend().approximateAbove())),
                new ModelCacheConfig(config.inference().modelCacheMemoryBytes(), config.inference().maxLoadedModels()),
                meters);
        this.scheduler = new InferenceScheduler(
                new InferenceSchedulerConfig(config.inference().workers(), config.inference().retryAfter()), meters);
        this.deployments = new Deployments(
                store,
                modelCache,
                scheduler,
                new BatchingPolicy(config.inference().batchMaxSize(), config.inference().batchMaxDelay(), config.inference().queueCapacity()),
                config.inference().timeout(),
                config.traffic().settings(),
                meters,
                clock);
        Authenticator authenticator = new Authenticator(store, config.authCacheTtl(), System::nanoTime);
        OipServerMetadata serverMetadata = OipServerMetadata.of(version);
        Readiness readiness = new Readiness(store, gate::isOpen);
        this.requestLogging = RequestLogging.open(config, store, meters, clock);
        List<ApiRoute> all = new ArrayList<>();
        // Helidon tries routes in order, matching each path pattern: the inference routes, called millions of times
        // more often than the rest, go first (no other route shares their paths).
        all.addAll(new InferenceRoutes(deployments, new OipJsonCodec(config.maxInferElements()), requestLogging).routes());
        this.recommendations = new RecommendRoutes(store, artifacts, deployments, jobs, requestLogging,
                config.recommend(), config.trainingTimeout(), mapper, clock);
        all.addAll(recommendations.routes());
        all.addAll(new SystemRoutes(meters, serverMetadata, readiness).routes());
        all.addAll(new TenantRoutes(store, new KeyTokens(), authenticator, config.auditPageLimit()).routes());
        all.addAll(new DatasetRoutes(store, artifacts, config.maxUploadBytes()).routes());
        all.addAll(new TrainingJobRoutes(store, jobs, mapper).routes());
        all.addAll(new ModelRoutes(store, artifacts, config.maxUploadBytes()).routes());
        all.addAll(new EndpointRoutes(store, deployments, new Experiments(store, deployments)).routes());
        all.addAll(new RequestLogRoutes(store, requestLogging).routes());
        this.routes = List.copyOf(all);
        ApiRouter router = new ApiRouter(
                routes, authenticator, mapper, config.maxRequestBytes(),
                new AuditLog(store.audit(), clock), meters, gate);
        OipGrpcService grpcService = new OipGrpcService(
                authenticator, new OipModels(deployments), new OipGrpcCodec(config.maxInferElements()), serverMetadata,
                readiness, gate, requestLogging, grpcExecutor, config.inference().grpcInlineBelow(),
                meters);
        this.grpcServer = startGrpc(config, grpcService);
        this.webServer = WebServer.builder()
                .host(config.host())
                .port(config.httpPort())
                .shutdownHook(false)
                .shutdownGracePeriod(config.shutdownGracePeriod())
                .routing(router::install)
                .build()
                .start();
        LOG.info(() -> "Marquee %s listening on %s:%d (HTTP)%s, data in %s".formatted(
                version, config.host(), webServer.port(),
                grpcServer.map(server -> " and :%d (gRPC)".formatted(server.getPort())).orElse(""),
                config.dataDirectory().toAbsolutePath()));
    }

    /** The OIP gRPC listener on its own port: virtual threads, messages bounded by {@code max-request-size}. */
    private Optional<Server> startGrpc(ServerConfig config, OipGrpcService service) {
        if (config.grpcPort().isEmpty()) {
            return Optional.empty();
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.grpcPort().getAsInt());
        try {
            return Optional.of(NettyServerBuilder.forAddress(address)
                    // Callbacks run on the event loop; OipGrpcService runs a fast call there when nothing would wait
                    // and moves every other call to its own virtual thread once, instead of grpc-java hopping
                    // threads for every callback of every call.
                    .directExecutor()
                    .maxInboundMessageSize(config.maxRequestBytes())
                    .addService(service.definition())
                    .build()
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for gRPC on " + address, e);
        }
    }

    /** Opens the stores, recovers jobs and starts listening. */
    public static MarqueeServer start(ServerConfig config) {
        return new MarqueeServer(requireNonNull(config, "config is null"));
    }

    /** The bound HTTP port (useful with port 0). */
    public int port() {
        return webServer.port();
    }

    /** The bound gRPC port (useful with {@code grpc-port} 0); empty when gRPC is switched off. */
    public OptionalInt grpcPort() {
        return grpcServer.map(server -> OptionalInt.of(server.getPort())).orElse(OptionalInt.empty());
    }

    /** Requests currently being handled (admitted and not yet answered). */
    public int requestsInFlight() {
        return gate.inFlight();
    }

    /** The request log (tests wait for its writes). */
    RequestLogging requestLogging() {
        return requestLogging;
    }

    /** The route table, in registration order. */
    public List<ApiRoute> routes() {
        return routes;
    }

    /**
     * The operator admin key created on first start when no {@code admin-key} was configured; empty on later starts.
     * Print it once; it is not stored anywhere in clear.
     */
    public Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }

    private static Optional<String> bootstrap(MetadataStore store, Optional<String> configuredKey) {
        Tenant operator = store.tenants().findOperator().orElseGet(() -> store.tenants().create("operator", true));
        if (configuredKey.isPresent()) {
            String hash = KeyTokens.hash(configuredKey.get());
            if (store.apiKeys().findActiveByHash(hash).isEmpty()) {
                store.apiKeys().create(operator.id(), "bootstrap-admin", Set.of(Scope.ADMIN), hash);
            }
            return Optional.empty();
        }
        boolean hasActiveKey = store.apiKeys().list(operator.id()).stream()
                .anyMatch(key -> key.revokedAt().isEmpty());
        if (hasActiveKey) {
            return Optional.empty();
        }
        String token = new KeyTokens().newToken();
        store.apiKeys().create(operator.id(), "bootstrap-admin", Set.of(Scope.ADMIN), KeyTokens.hash(token));
        return Optional.of(token);
    }

    /** Lets the gRPC server finish its (already drained) calls until the grace period's deadline, then stops it. */
    private static void stopGrpc(Server server, long deadlineNanos) {
        try {
            server.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = MarqueeServer.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    /**
     * Refuses new requests (HTTP 503, gRPC UNAVAILABLE), waits up to the shutdown grace period for those in flight on
     * both listeners, then stops the inference scheduler (requests still queued answer 503), the listeners, the request
     * log (writing what is queued), unloads the models, and stops the training workers (a running job is failed on
     * the next start) and the stores.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + shutdownGracePeriod.toNanos();
        gate.close();
        grpcServer.ifPresent(Server::shutdown);
        try {
            if (!gate.awaitIdle(shutdownGracePeriod)) {
                LOG.warning(() -> "%d requests still running after the %s grace period; stopping anyway"
                        .formatted(gate.inFlight(), shutdownGracePeriod));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close();
        recommendations.close();
        grpcServer.ifPresent(server -> stopGrpc(server, deadline));
        grpcExecutor.shutdownNow();
        webServer.stop();
        if (!deployments.awaitExperimentLog(shutdownGracePeriod)) {
            LOG.warning("some inference assignments were not written to the experiment log before shutdown");
        }
        modelCache.close();
        requestLogging.close();
        jobs.close();
        meters.close();
        store.close();
    }
}
