package dev.marquee.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link ServerConfig} from, in increasing precedence: the defaults below, a properties file
 * ({@code --config}), environment variables ({@code MARQUEE_<KEY>}), and command-line flags. Sizes take
 * {@code B, KiB, MiB, GiB} suffixes; durations {@code ms, s, m, h}.
 */
public final class ServerConfigLoader {
    /** Every configuration key with its default, in the order the README documents them. */
    public static final List<ConfigSetting> SETTINGS = List.of(
            new ConfigSetting("host", "0.0.0.0", "address the HTTP server binds"),
            new ConfigSetting("http-port", "8080", "HTTP port (REST management API and Open Inference Protocol); 0 picks a free port"),
            new ConfigSetting("grpc-port", "8081", "gRPC port (Open Inference Protocol, inference.GRPCInferenceService); 0 picks a free port, off switches gRPC off"),
            new ConfigSetting("data-dir", "./marquee-data", "directory of the SQLite metadata database and the artifact store"),
            new ConfigSetting("admin-key", "", "bootstrap admin API key of the operator tenant (env MARQUEE_ADMIN_KEY); generated and printed once when empty"),
            new ConfigSetting("max-upload-size", "1GiB", "largest dataset upload; larger is refused with 413"),
            new ConfigSetting("max-request-size", "16MiB", "largest JSON request body; larger is refused with 413"),
            new ConfigSetting("max-infer-elements", "1000000", "most tensor elements one infer request may declare"),
            new ConfigSetting("training-workers", "1", "training jobs that run at once"),
            new ConfigSetting("training-queue-capacity", "64", "training jobs that may wait; more is refused with 429"),
            new ConfigSetting("training-timeout", "1h", "longest a training job may run before it is failed"),
            new ConfigSetting("max-loaded-models", "64", "models kept loaded in memory (least recently used evicted)"),
            new ConfigSetting("shutdown-grace-period", "10s", "how long shutdown waits for in-flight requests"),
            new ConfigSetting("audit-page-limit", "1000", "most audit entries one request returns"),
            new ConfigSetting("auth-cache-ttl", "10s", "how long a verified API key is trusted without a metadata lookup; a key revoked on this server stops at once, on other replicas within this time; 0s looks every request up"),
            new ConfigSetting("model-cache-memory", "25%", "memory budget of loaded models, a size or a percentage of the maximum heap; least recently used models are unloaded beyond it"),
            new ConfigSetting("inference-workers", "auto", "model executions that run at once across all endpoints; auto is one per available processor"),
            new ConfigSetting("inference-queue-capacity", "256", "infer requests that may wait per endpoint version; more are refused with 429 and Retry-After"),
            new ConfigSetting("batch-max-size", "1", "default most rows merged into one model call per endpoint; 1 disables dynamic batching"),
            new ConfigSetting("batch-max-delay", "0ms", "default longest a request waits for its batch to fill; 0ms runs whatever is queued when a worker is free"),
            new ConfigSetting("inference-timeout", "30s", "longest an infer request may take, queueing included (504 after); a request's parameters.timeout in microseconds may shorten it"),
            new ConfigSetting("grpc-inline-below", "200us", "gRPC infer calls run on the network thread that read them, without a thread hop, when they are estimated to take less than this (the route's recent mean call time scaled by the request's input elements) and nothing would wait (key, endpoint and model cached, a free inference worker, no batching delay); 0us hands every call to its own virtual thread"),
            new ConfigSetting("inference-retry-after", "1s", "Retry-After sent with 429 (queue full) and 503 (shutting down) infer answers"),
            new ConfigSetting("max-endpoint-routes", "16", "most routes and shadows one endpoint may have"),
            new ConfigSetting("shadow-concurrency", "16", "shadow copies running at once; a copy beyond it is dropped and counted, never queued"),
            new ConfigSetting("experiment-queue-capacity", "10000", "inference assignments (request id to variant) waiting to be written; beyond it they are dropped and counted"),
            new ConfigSetting("experiment-retention", "720h", "how long inference assignments and feedback are kept for experiments"),
            new ConfigSetting("request-log-sample-rate", "0", "fraction of inference calls written to the request log on endpoints without a rate of their own; 0 is off"),
            new ConfigSetting("request-log-personal-fields", "user_id,email,ip_address,device_id", "tensor and parameter names pseudonymised in the request log of every endpoint (comma-separated, any case)"),
            new ConfigSetting("request-log-secret", "", "key of the request log's HMAC-SHA256 pseudonyms (at least 16 bytes; set the same on every replica); generated into <data-dir>/request-log.key when empty"),
            new ConfigSetting("request-log-max-entry-bytes", "64KiB", "largest request log line; larger entries are cut and marked truncated"),
            new ConfigSetting("request-log-max-file-bytes", "16MiB", "size at which an endpoint's request log file is rotated"),
            new ConfigSetting("request-log-max-files", "10", "request log files kept per endpoint; the oldest is deleted"),
            new ConfigSetting("request-log-queue-capacity", "1024", "request log entries waiting to be written; more are dropped and counted"),
            new ConfigSetting("request-log-settings-refresh", "30s", "how long a server caches an endpoint's logging settings changed on another replica"),
            new ConfigSetting("request-log-page-limit", "1000", "most entries one request-logs read returns"),
            new ConfigSetting("recommend-max-events", "1000", "most interaction events one POST /v1/endpoints/{e}/interactions may carry"),
            new ConfigSetting("recommend-posted-history", "1000", "most posted items per user that /recommend folds in, newest first"),
            new ConfigSetting("recommend-history-cache-size", "100000", "users whose posted items a server caches for /recommend; the cache is cleared when full"),
            new ConfigSetting("recommend-max-retrain-events", "1000000", "most posted events one POST /v1/endpoints/{e}/retrain appends to the training dataset"),
            new ConfigSetting("recommend-approximate-above", "100000", "recommenders with factor models over more items than this serve unfiltered /recommend from an approximate (HNSW) item index, smaller ones from the exact one"),
            new ConfigSetting("recommender-retrain-interval", "off", "how often every recommender endpoint with posted interactions not yet appended is retrained on them (and redeployed when it has one route), a duration; off disables it"));

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(us|ms|s|m|h)");

    private ServerConfigLoader() {}

    /**
     * @param file optional properties file with the dashed keys
     * @param environment the process environment (only {@code MARQUEE_*} variables are read)
     * @param flags dashed key → value from the command line
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new HashMap<>();
        file.ifPresent(path -> values.putAll(readFile(path)));
        for (ConfigSetting setting : SETTINGS) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            if (fromEnvironment != null) {
                values.put(setting.key(), fromEnvironment);
            }
        }
        values.putAll(flags);
        return fromProperties(values);
    }

    /** Defaults overridden by {@code properties}; an unknown key or a bad value is an IllegalArgumentException. */
    public static ServerConfig fromProperties(Map<String, String> properties) {
        Map<String, String> values = new HashMap<>();
        SETTINGS.forEach(setting -> values.put(setting.key(), setting.defaultValue()));
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (!values.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("unknown configuration key '%s'; known keys: %s"
                        .formatted(entry.getKey(), SETTINGS.stream().map(ConfigSetting::key).toList()));
            }
            values.put(entry.getKey(), entry.getValue().strip());
        }
        String adminKey = values.get("admin-key");
        return new ServerConfig(
                values.get("host"),
                integer(values, "http-port"),
                optionalPort(values, "grpc-port"),
                Path.of(values.get("data-dir")),
                adminKey.isEmpty() ? Optional.empty() : Optional.of(adminKey),
                size(values, "max-upload-size"),
                Math.toIntExact(size(values, "max-request-size")),
                longValue(values, "max-infer-elements"),
                integer(values, "training-workers"),
                integer(values, "training-queue-capacity"),
                duration(values, "training-timeout"),
                duration(values, "shutdown-grace-period"),
                integer(values, "audit-page-limit"),
                duration(values, "auth-cache-ttl"),
                new InferenceOptions(
                        memory(values, "model-cache-memory"),
                        integer(values, "max-loaded-models"),
                        processors(values, "inference-workers"),
                        integer(values, "inference-queue-capacity"),
                        integer(values, "batch-max-size"),
                        duration(values, "batch-max-delay"),
                        duration(values, "inference-timeout"),
                        duration(values, "inference-retry-after"),
                        duration(values, "grpc-inline-below")),
                new TrafficOptions(
                        integer(values, "max-endpoint-routes"),
                        integer(values, "shadow-concurrency"),
                        integer(values, "experiment-queue-capacity"),
                        duration(values, "experiment-retention")),
                requestLog(values),
                new RecommendOptions(
                        integer(values, "recommend-max-events"),
                        integer(values, "recommend-posted-history"),
                        integer(values, "recommend-history-cache-size"),
                        integer(values, "recommend-max-retrain-events"),
                        values.get("recommender-retrain-interval").equalsIgnoreCase("off")
                                ? Optional.empty()
                                : Optional.of(duration(values, "recommender-retrain-interval")),
                        integer(values, "recommend-approximate-above")));
    }

    private static RequestLogOptions requestLog(Map<String, String> values) {
        String secret = values.get("request-log-secret");
        return new RequestLogOptions(
                decimal(values, "request-log-sample-rate"),
                Arrays.stream(values.get("request-log-personal-fields").split(","))
                        .map(String::strip)
                        .filter(field -> !field.isEmpty())
                        .toList(),
                secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                Math.toIntExact(size(values, "request-log-max-entry-bytes")),
                size(values, "request-log-max-file-bytes"),
                integer(values, "request-log-max-files"),
                integer(values, "request-log-queue-capacity"),
                duration(values, "request-log-settings-refresh"),
                integer(values, "request-log-page-limit"));
    }

    private static double decimal(Map<String, String> values, String key) {
        try {
            return Double.parseDouble(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s must be a number, got '%s'".formatted(key, values.get(key)));
        }
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + path, e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    /** A size, or a percentage (1 to 100) of the JVM's maximum heap. */
    static long memory(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value.endsWith("%")) {
            long percent;
            try {
                percent = Long.parseLong(value.substring(0, value.length() - 1).strip());
            } catch (NumberFormatException e) {
                percent = -1;
            }
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException(
                        "%s must be a size like 512MiB or a percentage of the heap like 25%%, got '%s'".formatted(key, value));
            }
            return Math.max(1, Runtime.getRuntime().maxMemory() / 100 * percent);
        }
        return size(values, key);
    }

    /** A positive count, or {@code auto} for the number of available processors. */
    private static int processors(Map<String, String> values, String key) {
        return values.get(key).equals("auto") ? Runtime.getRuntime().availableProcessors() : integer(values, key);
    }

    private static OptionalInt optionalPort(Map<String, String> values, String key) {
        return values.get(key).equalsIgnoreCase("off") ? OptionalInt.empty() : OptionalInt.of(integer(values, key));
    }

    private static int integer(Map<String, String> values, String key) {
        return Math.toIntExact(longValue(values, key));
    }

    private static long longValue(Map<String, String> values, String key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%s must be an integer, got '%s'".formatted(key, values.get(key)));
        }
    }

    static long size(Map<String, String> values, String key) {
        Matcher matcher = SIZE.matcher(values.get(key));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "%s must be a size like 512MiB or 1GiB, got '%s'".formatted(key, values.get(key)));
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long multiplier = switch (unit) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
        return Math.multiplyExact(number, multiplier);
    }

    static Duration duration(Map<String, String> values, String key) {
        Matcher matcher = DURATION.matcher(values.get(key).toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "%s must be a duration like 200us, 500ms, 10s, 5m or 1h, got '%s'".formatted(key, values.get(key)));
        }
        long number = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> Duration.ofNanos(Math.multiplyExact(number, 1000L));
            case "ms" -> Duration.ofMillis(number);
            case "s" -> Duration.ofSeconds(number);
            case "m" -> Duration.ofMinutes(number);
            default -> Duration.ofHours(number);
        };
    }
}
