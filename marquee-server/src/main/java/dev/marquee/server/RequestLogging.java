package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.Deployment;
import dev.marquee.runtime.Pseudonyms;
import dev.marquee.runtime.RequestLog;
import dev.marquee.runtime.RequestLogConfig;
import dev.marquee.runtime.RequestLogEvent;
import dev.marquee.runtime.RotatingRequestLogFiles;
import dev.marquee.runtime.StoredRequestLogPolicies;
import dev.marquee.store.MetadataStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's side of the request log: builds the runtime {@link RequestLog} from the configuration, exposes its
 * counters as metrics, and turns transport calls into {@link RequestLogEvent}s.
 *
 * <p>Transports report each inference call with {@link #begin}, then {@link #succeeded} or {@link #failed}; REST
 * routes wrap their handler with {@link #capture}. A gRPC adapter does the same with {@code begin}, the capture's
 * setters and {@code succeeded}/{@code failed(capture, code)}; the logged status is the HTTP equivalent of the
 * outcome ({@link ErrorStatus}). Reporting never throws and never blocks. Thread-safe.
 */
public final class RequestLogging implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestLogging.class.getName());
    static final String KEY_FILE = "request-log.key";

    private final RequestLog log;
    private final RotatingRequestLogFiles files;
    private final StoredRequestLogPolicies policies;
    private final RequestLogOptions options;
    private final Clock clock;

    /** A REST handler of an inference route that reports what it learns to a capture. */
    @FunctionalInterface
    interface CapturedHandler {
        void handle(Call call, InferenceCapture capture) throws Exception;
    }

    private RequestLogging(
            RequestLog log,
            RotatingRequestLogFiles files,
            StoredRequestLogPolicies policies,
            RequestLogOptions options,
            Clock clock) {
        this.log = log;
        this.files = files;
        this.policies = policies;
        this.options = options;
        this.clock = clock;
    }

    /** Opens the log under {@code <data-dir>/request-logs} and registers its counters in {@code meters}. */
    static RequestLogging open(ServerConfig config, MetadataStore store, MeterRegistry meters, Clock clock) {
        RequestLogOptions options = config.requestLog();
        RequestLogConfig logConfig = new RequestLogConfig(
                config.dataDirectory().resolve("request-logs"),
                options.maxEntryBytes(),
                options.maxFileBytes(),
                options.maxFiles(),
                options.queueCapacity(),
                64,
                config.shutdownGracePeriod());
        RotatingRequestLogFiles files = new RotatingRequestLogFiles(logConfig);
        StoredRequestLogPolicies policies = new StoredRequestLogPolicies(
                store, options.sampleRate(), options.personalFields(), options.settingsRefresh(), System::nanoTime);
        byte[] secret = options.secret()
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> generatedSecret(config.dataDirectory().resolve(KEY_FILE)));
        RequestLog log = new RequestLog(
                logConfig, policies, new Pseudonyms(secret), files, () -> ThreadLocalRandom.current().nextDouble());
        FunctionCounter.builder("marquee.request.log.dropped", log, RequestLog::droppedEntries)
                .description("sampled request log entries dropped because the write queue was full")
                .register(meters);
        FunctionCounter.builder("marquee.request.log.written", log, RequestLog::writtenEntries)
                .description("request log entries written")
                .register(meters);
        FunctionCounter.builder("marquee.request.log.failed", log, RequestLog::failedEntries)
                .description("sampled request log entries lost to an encoding or write failure")
                .register(meters);
        return new RequestLogging(log, files, policies, options, clock);
    }

    /** The pseudonym key kept beside the metadata database, created (owner-readable only) on first use. */
    private static byte[] generatedSecret(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException raced) {
                    return readSecret(file);
                }
                Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
            }
            return readSecret(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the request log key " + file, e);
        }
    }

    private static byte[] readSecret(Path file) throws IOException {
        try {
            byte[] secret = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length < Pseudonyms.MIN_SECRET_BYTES) {
                throw new IllegalStateException("the request log key " + file + " is too short");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the request log key " + file + " is not hexadecimal", e);
        }
    }

    /** Starts reporting one inference call of the tenant's endpoint. */
    public InferenceCapture begin(String tenantId, String endpoint) {
        return new InferenceCapture(tenantId, endpoint, System.nanoTime());
    }

    /** Reports a call that answered 200. */
    public void succeeded(InferenceCapture capture) {
        finish(capture, new Outcome(200, Optional.empty()));
    }

    /** Reports a call that failed with {@code code} (logged with its HTTP status; the message is never logged). */
    public void failed(InferenceCapture capture, ErrorCode code) {
        finish(capture, new Outcome(ErrorStatus.of(code).code(), Optional.of(code)));
    }

    /** Work on an inference call that reports what it learns to its capture. */
    @FunctionalInterface
    interface CapturedWork<T, E extends Exception> {
        T run(InferenceCapture capture) throws E;
    }

    /**
     * Runs a REST inference handler and reports its outcome: success, or the error code the router will answer
     * with (an {@link UncheckedIOException} is the unreadable body the router answers 400; anything else 500).
     */
    void capture(Call call, CapturedHandler handler) throws Exception {
        capture(call.tenantId(), call.path("endpointName"), capture -> {
            handler.handle(call, capture);
            return null;
        });
    }

    /** Runs {@code work} on a call to {@code endpoint} and reports its outcome, as the REST variant does. */
    <T, E extends Exception> T capture(String tenantId, String endpoint, CapturedWork<T, E> work) throws E {
        return capture(tenantId, endpoint, work, result -> true);
    }

    /**
     * As {@link #capture} for work that may decline to run now (empty): a declined call is not reported; it is
     * reported when it runs.
     */
    <T, E extends Exception> Optional<T> captureUnlessDeclined(
            String tenantId, String endpoint, CapturedWork<Optional<T>, E> work) throws E {
        return capture(tenantId, endpoint, work, Optional::isPresent);
    }

    private <T, E extends Exception> T capture(
            String tenantId, String endpoint, CapturedWork<T, E> work, Predicate<T> ran) throws E {
        InferenceCapture capture = begin(tenantId, endpoint);
        T result;
        try {
            result = work.run(capture);
        } catch (MarqueeException e) {
            failed(capture, e.code());
            throw e;
        } catch (UncheckedIOException e) {
            failed(capture, ErrorCode.INVALID_ARGUMENT);
            throw e;
        } catch (Exception | Error e) {
            failed(capture, ErrorCode.INTERNAL);
            throw e;
        }
        if (ran.test(result)) {
            succeeded(capture);
        }
        return result;
    }

    private record Outcome(int status, Optional<ErrorCode> error) {}

    private void finish(InferenceCapture capture, Outcome outcome) {
        try {
            Optional<Deployment> deployment = capture.deployment();
            if (deployment.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            log.offer(capture.tenantId(), capture.endpoint(), () -> new RequestLogEvent(
                    clock.instant(),
                    capture.tenantId(),
                    capture.endpoint(),
                    deployment.get().endpoint().modelName(),
                    capture.response()
                            .map(response -> response.modelVersion())
                            .orElse(Integer.toString(deployment.get().version().version())),
                    capture.request().flatMap(request -> request.id()),
                    Duration.ofNanos(capture.endedNanos(now) - capture.startedNanos()),
                    outcome.status(),
                    outcome.error(),
                    capture.request(),
                    capture.response()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not report a call of endpoint " + capture.endpoint() + " to the request log", e);
        }
    }

    RotatingRequestLogFiles files() {
        return files;
    }

    StoredRequestLogPolicies policies() {
        return policies;
    }

    RequestLogOptions options() {
        return options;
    }

    /** The runtime log (for tests that wait for writes with {@link RequestLog#flush}). */
    RequestLog log() {
        return log;
    }

    /** Writes what is queued (up to the shutdown grace period) and closes the files. */
    @Override
    public void close() {
        log.close();
    }
}
