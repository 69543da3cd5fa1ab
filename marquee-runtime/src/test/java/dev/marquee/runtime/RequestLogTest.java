package dev.marquee.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {
    private static final String TENANT = "tn_0123456789abcdef";
    private static final Pseudonyms PSEUDONYMS = new Pseudonyms("a test secret of enough bytes".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void sampleRateOneLogsEveryCallAndZeroNone() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        AtomicInteger draws = new AtomicInteger();
        DoubleSupplier sampler = () -> {
            draws.incrementAndGet();
            return 0.999_999;
        };
        RequestLogPolicies policies = (tenant, endpoint) -> endpoint.equals("all")
                ? new RequestLogPolicy(1, Set.of())
                : RequestLogPolicy.OFF;
        try (RequestLog log = new RequestLog(config(64 << 10, 1 << 20, 5, 100), policies, PSEUDONYMS, sink, sampler)) {
            for (int call = 0; call < 25; call++) {
                assertThat(log.offer(event("all", "r" + call, 1))).isTrue();
                assertThat(log.offer(event("none", "r" + call, 1))).isFalse();
            }
            log.flush();
            assertThat(sink.lines).hasSize(25).allSatisfy(line -> assertThat(line.endpoint()).isEqualTo("all"));
            assertThat(log.writtenEntries()).isEqualTo(25);
            assertThat(draws).as("rates 0 and 1 need no random draw").hasValue(0);
        }
    }

    @Test
    void anUnsampledCallsEventIsNeverBuilt() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        AtomicInteger built = new AtomicInteger();
        RequestLogPolicies policies = (tenant, endpoint) -> endpoint.equals("half")
                ? new RequestLogPolicy(0.5, Set.of())
                : RequestLogPolicy.OFF;
        AtomicInteger draw = new AtomicInteger();
        DoubleSupplier alternating = () -> draw.getAndIncrement() % 2 == 0 ? 0.1 : 0.9;
        try (RequestLog log = new RequestLog(config(64 << 10, 1 << 20, 5, 100), policies, PSEUDONYMS, sink, alternating)) {
            for (int call = 0; call < 10; call++) {
                String id = "r" + call;
                log.offer(TENANT, "off", () -> {
                    built.incrementAndGet();
                    return event("off", id, 1);
                });
                log.offer(TENANT, "half", () -> {
                    built.incrementAndGet();
                    return event("half", id, 1);
                });
            }
            log.flush();
            assertThat(sink.lines).hasSize(5);
            assertThat(built).as("only the five sampled calls build an event").hasValue(5);
            assertThat(log.offeredCalls()).isEqualTo(20);
        }
    }

    @Test
    void inBetweenRatesLogTheCallsTheSamplerSelects() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        PrimitiveIterator.OfDouble draws = DoubleStream.of(0.05, 0.5, 0.0999, 0.1, 0.95, 0.0).iterator();
        RequestLogPolicies policies = (tenant, endpoint) -> new RequestLogPolicy(0.1, Set.of());
        try (RequestLog log = new RequestLog(
                config(64 << 10, 1 << 20, 5, 100), policies, PSEUDONYMS, sink, draws::nextDouble)) {
            for (int call = 0; call < 6; call++) {
                log.offer(event("churn", "call-" + call, 1));
            }
            log.flush();
            assertThat(sink.lines).extracting(line -> json(line.bytes()).path("request_id").asText())
                    .containsExactly("call-0", "call-2", "call-5");
        }
    }

    @Test
    void personalValuesNeverReachTheFileAndTheirPseudonymIsStable() throws Exception {
        RequestLogConfig config = config(64 << 10, 1 << 20, 5, 100);
        RotatingRequestLogFiles files = new RotatingRequestLogFiles(config);
        RequestLogPolicies policies = (tenant, endpoint) -> new RequestLogPolicy(1, Set.of("user_id", "IP_ADDRESS"));
        try (RequestLog log = new RequestLog(config, policies, PSEUDONYMS, files, () -> 0)) {
            log.offer(personalEvent("first", "alice@example.com", 3141592653L));
            log.offer(personalEvent("second", "alice@example.com", 3141592653L));
            log.offer(personalEvent("third", "bob@example.com", 2718281828L));
            log.flush();
        }
        byte[] raw = Files.readAllBytes(files.files(TENANT, "churn").getLast());
        String text = new String(raw, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("alice@example.com", "bob@example.com", "3141592653", "2718281828");
        assertThat(text).contains("watch-time", "42.5");

        List<JsonNode> entries = files.recent(TENANT, "churn", 10);
        assertThat(entries).extracting(entry -> entry.path("request_id").asText())
                .containsExactly("third", "second", "first");
        JsonNode first = entries.get(2).path("request");
        JsonNode second = entries.get(1).path("request");
        JsonNode third = entries.get(0).path("request");
        String alice = PSEUDONYMS.pseudonym(TENANT, "alice@example.com");
        assertThat(alice).matches("hmac:[0-9a-f]{32}");
        assertThat(first.path("inputs").get(0).path("data").get(0).asText()).isEqualTo(alice);
        assertThat(second.path("inputs").get(0).path("data").get(0).asText()).isEqualTo(alice);
        assertThat(third.path("inputs").get(0).path("data").get(0).asText()).isNotEqualTo(alice);
        assertThat(first.path("inputs").get(0).path("redacted").asText()).isEqualTo("hmac-sha256");
        assertThat(first.path("parameters").path("ip_address").asText())
                .isEqualTo(second.path("parameters").path("ip_address").asText())
                .isEqualTo(PSEUDONYMS.pseudonym(TENANT, "3141592653"));
        assertThat(first.path("inputs").get(1).path("data").get(0).asDouble()).isEqualTo(42.5);
        assertThat(PSEUDONYMS.pseudonym("tn_fedcba9876543210", "alice@example.com")).isNotEqualTo(alice);
        assertThat(new Pseudonyms("another secret of enough bytes".getBytes(StandardCharsets.UTF_8))
                        .pseudonym(TENANT, "alice@example.com"))
                .isNotEqualTo(alice);
        assertThat(PSEUDONYMS.toString()).doesNotContain("a test secret");
    }

    @Test
    void rotationKeepsAtMostMaxFilesAndDeletesTheOldest() throws Exception {
        RequestLogConfig config = config(1024, 2048, 3, 100);
        RotatingRequestLogFiles files = new RotatingRequestLogFiles(config);
        try (RequestLog log = new RequestLog(
                config, (tenant, endpoint) -> new RequestLogPolicy(1, Set.of()), PSEUDONYMS, files, () -> 0)) {
            for (int call = 0; call < 40; call++) {
                log.offer(event("churn", "call-" + call, 20));
            }
            log.flush();
            assertThat(log.writtenEntries()).isEqualTo(40);
        }
        List<Path> kept = files.files(TENANT, "churn");
        assertThat(kept).hasSize(3);
        assertThat(kept.getFirst().getFileName().toString()).isNotEqualTo("requests-00000001.jsonl");
        for (Path file : kept) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(2048);
            for (String line : Files.readAllLines(file)) {
                assertThat(json(line.getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
            }
        }
        List<String> ids = files.recent(TENANT, "churn", 1000).stream()
                .map(entry -> entry.path("request_id").asText())
                .toList();
        assertThat(ids).first().isEqualTo("call-39");
        assertThat(ids).doesNotContain("call-0").hasSizeLessThan(40);
        List<String> expected = new ArrayList<>();
        for (int call = 39; call > 39 - ids.size(); call--) {
            expected.add("call-" + call);
        }
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    @Timeout(60) // a hang guard only: offer must return at once, and the test asserts counts, not times
    void aFullQueueDropsAndCountsEntriesWithoutBlockingTheCaller() throws InterruptedException {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink blocked = new RecordingSink() {
            @Override
            public void append(String tenantId, String endpoint, byte[] line) throws IOException {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                super.append(tenantId, endpoint, line);
            }
        };
        int capacity = 4;
        RequestLog log = new RequestLog(
                config(64 << 10, 1 << 20, 5, capacity),
                (tenant, endpoint) -> new RequestLogPolicy(1, Set.of()),
                PSEUDONYMS,
                blocked,
                () -> 0);
        try {
            assertThat(log.offer(event("churn", "taken-by-writer", 1))).isTrue();
            writing.await();
            for (int call = 0; call < capacity; call++) {
                assertThat(log.offer(event("churn", "queued-" + call, 1))).isTrue();
            }
            for (int call = 0; call < 7; call++) {
                assertThat(log.offer(event("churn", "dropped-" + call, 1))).isFalse();
            }
            assertThat(log.droppedEntries()).isEqualTo(7);
            release.countDown();
            log.flush();
            assertThat(blocked.lines).hasSize(1 + capacity);
            assertThat(log.writtenEntries()).isEqualTo(1 + capacity);
        } finally {
            release.countDown();
            log.close();
        }
    }

    @Test
    void largeEntriesAreCutToTheLimitAndMarkedTruncated() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        try (RequestLog log = new RequestLog(
                config(1024, 1 << 20, 5, 100),
                (tenant, endpoint) -> new RequestLogPolicy(1, Set.of()),
                PSEUDONYMS,
                sink,
                () -> 0)) {
            log.offer(event("churn", "small", 3));
            log.offer(event("churn", "large", 10_000));
            log.offer(event("churn", "x".repeat(5000), 1));
            log.flush();
        }
        assertThat(sink.lines).hasSize(3).allSatisfy(line -> {
            assertThat(line.bytes().length).isLessThanOrEqualTo(1024);
            assertThat(line.bytes()[line.bytes().length - 1]).isEqualTo((byte) '\n');
        });
        JsonNode small = json(sink.lines.get(0).bytes());
        JsonNode large = json(sink.lines.get(1).bytes());
        JsonNode longId = json(sink.lines.get(2).bytes());
        assertThat(small.path("truncated").asBoolean()).isFalse();
        assertThat(small.path("request").path("inputs").get(0).path("data").size()).isEqualTo(3);
        assertThat(large.path("truncated").asBoolean()).isTrue();
        assertThat(large.path("request").path("inputs").get(0).path("shape").get(0).asInt()).isEqualTo(10_000);
        assertThat(large.path("request").path("inputs").get(0).path("data").size()).isBetween(1, 9_999);
        assertThat(longId.path("truncated").asBoolean()).isTrue();
        assertThat(longId.path("request_id").asText()).hasSize(RequestLogEncoder.MAX_REQUEST_ID_CHARS);
    }

    @Test
    void failedCallsAreLoggedWithTheirCodeButWithoutAMessage() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        try (RequestLog log = new RequestLog(
                config(64 << 10, 1 << 20, 5, 100),
                (tenant, endpoint) -> new RequestLogPolicy(1, Set.of()),
                PSEUDONYMS,
                sink,
                () -> 0)) {
            log.offer(new RequestLogEvent(
                    Instant.parse("2026-05-01T12:00:00Z"), TENANT, "churn", "churn-model", "3", Optional.empty(),
                    Duration.ofMillis(2), 400, Optional.of(ErrorCode.INVALID_ARGUMENT), Optional.empty(),
                    Optional.empty()));
            log.flush();
        }
        JsonNode entry = json(sink.lines.getFirst().bytes());
        assertThat(entry.path("status").asInt()).isEqualTo(400);
        assertThat(entry.path("error_code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(entry.path("latency_ms").asDouble()).isEqualTo(2.0);
        assertThat(entry.path("model").asText()).isEqualTo("churn-model");
        assertThat(entry.path("version").asText()).isEqualTo("3");
        assertThat(entry.has("request")).isFalse();
        assertThat(entry.has("response")).isFalse();
    }

    @Test
    void aTornLastLineIsSkippedAndNeverAppendedTo() throws Exception {
        RequestLogConfig config = config(64 << 10, 1 << 20, 5, 100);
        Path endpointDirectory = new RotatingRequestLogFiles(config).directory(TENANT, "churn");
        Files.createDirectories(endpointDirectory);
        Path torn = endpointDirectory.resolve("requests-00000001.jsonl");
        Files.writeString(torn, "{\"request_id\":\"whole\"}\n{\"request_id\":\"to", StandardOpenOption.CREATE_NEW);

        RotatingRequestLogFiles files = new RotatingRequestLogFiles(config);
        try (RequestLog log = new RequestLog(
                config, (tenant, endpoint) -> new RequestLogPolicy(1, Set.of()), PSEUDONYMS, files, () -> 0)) {
            log.offer(event("churn", "after-restart", 1));
            log.flush();
        }

        assertThat(files.files(TENANT, "churn")).extracting(path -> path.getFileName().toString())
                .containsExactly("requests-00000001.jsonl", "requests-00000002.jsonl");
        assertThat(files.recent(TENANT, "churn", 10)).extracting(entry -> entry.path("request_id").asText())
                .containsExactly("after-restart", "whole");
    }

    @Test
    void aFailingPolicyLookupIsCountedAndNeverReachesTheCaller() {
        RecordingSink sink = new RecordingSink();
        RequestLogPolicies unavailable = (tenant, endpoint) -> {
            throw new IllegalStateException("metadata store unreachable");
        };
        try (RequestLog log = new RequestLog(
                config(64 << 10, 1 << 20, 5, 100), unavailable, PSEUDONYMS, sink, () -> 0)) {
            assertThat(log.offer(event("churn", "call", 1))).isFalse();
            assertThat(log.offer(event("churn", "call", 1))).isFalse();
            assertThat(log.failedEntries()).isEqualTo(2);
        }
        assertThat(sink.lines).isEmpty();
    }

    @Test
    void closeWritesWhatIsQueued() {
        RecordingSink sink = new RecordingSink();
        RequestLog log = new RequestLog(
                config(64 << 10, 1 << 20, 5, 1000),
                (tenant, endpoint) -> new RequestLogPolicy(1, Set.of()),
                PSEUDONYMS,
                sink,
                () -> 0);
        for (int call = 0; call < 200; call++) {
            log.offer(event("churn", "call-" + call, 2));
        }
        log.close();
        assertThat(sink.lines).hasSize(200);
        assertThat(sink.closed).isTrue();
        assertThat(log.offer(event("churn", "late", 1))).isFalse();
        assertThat(sink.lines).hasSize(200);
    }

    private RequestLogConfig config(int maxEntryBytes, long maxFileBytes, int maxFiles, int queueCapacity) {
        return new RequestLogConfig(
                directory, maxEntryBytes, maxFileBytes, maxFiles, queueCapacity, 8, Duration.ofSeconds(30));
    }

    private static RequestLogEvent event(String endpoint, String requestId, int elements) {
        double[] values = new double[elements];
        for (int index = 0; index < elements; index++) {
            values[index] = index * 1.5;
        }
        InferenceRequest request = new InferenceRequest(
                Optional.of(requestId),
                List.of(InferenceTensor.numbers("hours", Datatype.FP64, values, elements)),
                List.of(),
                Map.of());
        InferenceResponse response = new InferenceResponse(
                endpoint, "1", Optional.of(requestId), List.of(InferenceTensor.numbers("predict", Datatype.FP64, values, elements)));
        return new RequestLogEvent(
                Instant.parse("2026-05-01T12:00:00Z"), TENANT, endpoint, "churn-model", "1", Optional.of(requestId),
                Duration.ofNanos(1_250_000), 200, Optional.empty(), Optional.of(request), Optional.of(response));
    }

    private static RequestLogEvent personalEvent(String requestId, String email, long ipAddress) {
        InferenceRequest request = new InferenceRequest(
                Optional.of(requestId),
                List.of(
                        InferenceTensor.strings("User_Id", new String[] {email}, 1),
                        InferenceTensor.numbers("hours", Datatype.FP64, new double[] {42.5}, 1)),
                List.of(),
                Map.of("ip_address", ipAddress, "campaign", "watch-time"));
        InferenceResponse response = new InferenceResponse(
                "churn", "1", Optional.of(requestId), List.of(InferenceTensor.strings("predict", new String[] {"yes"}, 1)));
        return new RequestLogEvent(
                Instant.parse("2026-05-01T12:00:00Z"), TENANT, "churn", "churn-model", "1", Optional.of(requestId),
                Duration.ofMillis(1), 200, Optional.empty(), Optional.of(request), Optional.of(response));
    }

    private static JsonNode json(byte[] line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(line, StandardCharsets.UTF_8), e);
        }
    }

    private record Written(String tenantId, String endpoint, byte[] bytes) {}

    private static class RecordingSink implements RequestLogSink {
        final List<Written> lines = Collections.synchronizedList(new ArrayList<>());
        volatile boolean closed;

        @Override
        public void append(String tenantId, String endpoint, byte[] line) throws IOException {
            lines.add(new Written(tenantId, endpoint, line));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
