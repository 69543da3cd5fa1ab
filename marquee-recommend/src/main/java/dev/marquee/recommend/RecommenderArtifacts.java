package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads recommender artifacts: one binary file carrying everything serving needs — the model manifest, the
 * training interactions (for seen-item exclusion and the popularity fallback), the model's arrays and, optionally,
 * the raw item catalogue. Layout (big-endian):
 *
 * <pre>
 * magic      8 bytes  "MQREC\r\n\u001a"
 * version    int32    the layout version, {@link #FORMAT_VERSION} when written by this code
 * length     int64    payload bytes
 * checksum   32 bytes SHA-256 of the payload
 * payload    manifest (int32 length + UTF-8 JSON), model kind (int32), interactions (user ids, item ids, CSR offsets
 *            and items), catalogue (int64 length, -1 for none, + bytes), then the kind's arrays
 * </pre>
 *
 * <p>The kinds' arrays (every array is an int32 length and its values; factor matrices are row-major):
 * <ul>
 *   <li>1, most popular: item popularity (float32);
 *   <li>2, item-kNN: neighbour offsets, neighbour items (int32), weights (float32);
 *   <li>3, EASE: the item-item weights (float32);
 *   <li>4, implicit ALS: factors (int32), alpha, regularization (float64), user and item factors (float32), item
 *       Gram matrix (float64);
 *   <li>5, BPR: factors (int32), learning rate, regularization (float64), epochs (int32), seed (int64), user factors,
 *       item factors, item biases (float32);
 *   <li>6, biased matrix factorisation: the training ratings in interaction order (float32), rating scale minimum and
 *       maximum, mean rating (float64), factors (int32), regularization (float64), user biases, item biases, user
 *       factors, item factors (float32). Which users and items are known follows from the interactions;
 *   <li>7, implicit ALS with weighted regularization (scaled by each row's interactions): as 4.
 * </ul>
 * New kinds take new codes within layout version 1: a reader that predates a kind refuses it as an unknown kind.
 *
 * Readers accept every layout version up to {@link #FORMAT_VERSION}, so an artifact written by an older Marquee keeps
 * loading; a newer one is INVALID_ARGUMENT, a damaged one (bad magic, checksum or structure) DATA_CORRUPTED.
 * Stateless and thread-safe.
 */
public final class RecommenderArtifacts {
    /** The layout version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = {'M', 'Q', 'R', 'E', 'C', '\r', '\n', 0x1a};
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES + 32;

    private RecommenderArtifacts() {}

    /** Whether the bytes start with the recommender artifact magic (the layout is not checked). */
    public static boolean isArtifact(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Serialises a trained model without a catalogue. */
    public static byte[] write(ModelManifest manifest, RecommenderModel model) {
        return serialize(manifest, model, null);
    }

    /**
     * Serialises a trained model with the raw bytes of its item catalogue.
     *
     * @throws IllegalArgumentException for a model type that has no artifact layout yet
     */
    public static byte[] write(ModelManifest manifest, RecommenderModel model, byte[] catalogue) {
        return serialize(manifest, model, requireNonNull(catalogue, "catalogue is null"));
    }

    /** Serialises a trained model with the raw bytes of its item catalogue when it has one. */
    public static byte[] write(ModelManifest manifest, RecommenderModel model, Optional<byte[]> catalogue) {
        return serialize(manifest, model, catalogue.orElse(null));
    }

    /** The artifact; {@code catalogue} null when there is none. */
    private static byte[] serialize(ModelManifest manifest, RecommenderModel model, byte[] catalogue) {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(model, "model is null");
        ModelKind kind = ModelKind.of(model);
        ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
        try (DataOutputStream payload = new DataOutputStream(payloadBytes)) {
            byte[] header = Json.newObjectMapper().writeValueAsBytes(manifest);
            payload.writeInt(header.length);
            payload.write(header);
            payload.writeInt(kind.code);
            writeInteractions(payload, model.training());
            if (catalogue == null) {
                payload.writeLong(-1);
            } else {
                payload.writeLong(catalogue.length);
                payload.write(catalogue);
            }
            switch (model) {
                case MostPopular.Model popular -> writeFloats(payload, popular.popularity());
                case ItemKnn.Model knn -> {
                    writeInts(payload, knn.offsets());
                    writeInts(payload, knn.targets());
                    writeFloats(payload, knn.weights());
                }
                case Ease.Model ease -> writeFloats(payload, ease.weights());
                case ImplicitAls.Model als -> {
                    payload.writeInt(als.factors());
                    payload.writeDouble(als.alpha());
                    payload.writeDouble(als.regularization());
                    writeFloats(payload, als.userFactors());
                    writeFloats(payload, als.itemFactors());
                    writeDoubles(payload, als.itemGram());
                }
                case Bpr.Model bpr -> {
                    payload.writeInt(bpr.factors());
                    payload.writeDouble(bpr.learningRate());
                    payload.writeDouble(bpr.regularization());
                    payload.writeInt(bpr.epochs());
                    payload.writeLong(bpr.seed());
                    writeFloats(payload, bpr.userFactors());
                    writeFloats(payload, bpr.itemFactors());
                    writeFloats(payload, bpr.itemBiases());
                }
                case BiasedFactorModel biased -> {
                    Interactions training = biased.training();
                    float[] ratings = new float[training.size()];
                    for (int position = 0; position < ratings.length; position++) {
                        ratings[position] = training.hasRatings() ? training.ratingAt(position) : Float.NaN;
                    }
                    writeFloats(payload, ratings);
                    payload.writeDouble(biased.scale().minimum());
                    payload.writeDouble(biased.scale().maximum());
                    payload.writeDouble(biased.mean());
                    payload.writeInt(biased.factors());
                    payload.writeDouble(biased.regularization());
                    writeFloats(payload, biased.userBiases());
                    writeFloats(payload, biased.itemBiases());
                    writeFloats(payload, biased.userFactors());
                    writeFloats(payload, biased.itemFactors());
                }
                default -> throw new IllegalArgumentException("no artifact layout for " + model.getClass());
            }
        } catch (JacksonException e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "cannot serialise the recommender manifest", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = payloadBytes.toByteArray();
        ByteBuffer artifact = ByteBuffer.allocate(HEADER_BYTES + body.length);
        artifact.put(MAGIC).putInt(FORMAT_VERSION).putLong(body.length).put(sha256(body)).put(body);
        return artifact.array();
    }

    /** Reads only the manifest, after checking the layout version and checksum. */
    public static ModelManifest readManifest(byte[] artifact) {
        return manifest(payload(artifact));
    }

    /**
     * Reads an artifact into a model ready to score.
     *
     * @throws MarqueeException DATA_CORRUPTED when the bytes are not a recommender artifact or are damaged;
     *     INVALID_ARGUMENT when the layout version is newer than {@link #FORMAT_VERSION}
     */
    public static RecommenderArtifact read(byte[] artifact) {
        ByteBuffer payload = payload(artifact);
        try {
            ModelManifest manifest = manifest(payload);
            ModelKind kind = ModelKind.of(payload.getInt());
            StoredInteractions stored = readInteractions(payload);
            Interactions training = stored.build(null);
            long catalogueLength = payload.getLong();
            byte[] catalogue = null;
            if (catalogueLength >= 0) {
                catalogue = new byte[Math.toIntExact(catalogueLength)];
                payload.get(catalogue);
            } else if (catalogueLength != -1) {
                throw corrupted("negative catalogue length " + catalogueLength);
            }
            int items = training.itemCount();
            RecommenderModel model = switch (kind) {
                case MOST_POPULAR -> new MostPopular.Model(training, readFloats(payload, items, "popularity"));
                case ITEM_KNN -> {
                    int[] offsets = readInts(payload, items + 1, "neighbour offsets");
                    int[] targets = readInts(payload, -1, "neighbour items");
                    float[] weights = readFloats(payload, targets.length, "neighbour weights");
                    requireIndexes(offsets, targets, items, "item-kNN");
                    yield new ItemKnn.Model(training, offsets, targets, weights);
                }
                case EASE -> new Ease.Model(training, readFloats(payload, Math.multiplyExact(items, items), "weights"));
                case IMPLICIT_ALS, IMPLICIT_ALS_WEIGHTED -> {
                    int factors = requireFactors(payload.getInt(), "ALS");
                    double alpha = payload.getDouble();
                    double regularization = payload.getDouble();
                    float[] users =
                            readFloats(payload, Math.multiplyExact(training.userCount(), factors), "user factors");
                    float[] itemFactors = readFloats(payload, Math.multiplyExact(items, factors), "item factors");
                    double[] gram = readDoubles(payload, Math.multiplyExact(factors, factors), "item Gram matrix");
                    yield new ImplicitAls.Model(training, factors, alpha, regularization,
                            kind == ModelKind.IMPLICIT_ALS_WEIGHTED, users, itemFactors, gram);
                }
                case BPR -> {
                    int factors = requireFactors(payload.getInt(), "BPR");
                    double learningRate = payload.getDouble();
                    double regularization = payload.getDouble();
                    int epochs = payload.getInt();
                    long seed = payload.getLong();
                    float[] users =
                            readFloats(payload, Math.multiplyExact(training.userCount(), factors), "user factors");
                    float[] itemFactors = readFloats(payload, Math.multiplyExact(items, factors), "item factors");
                    float[] biases = readFloats(payload, items, "item biases");
                    yield new Bpr.Model(training, factors, learningRate, regularization, epochs, seed, users,
                            itemFactors, biases);
                }
                case BIASED_FACTORISATION -> {
                    float[] ratings = readFloats(payload, training.size(), "ratings");
                    Interactions rated = stored.build(ratings);
                    RatingScale scale = new RatingScale(payload.getDouble(), payload.getDouble());
                    double mean = payload.getDouble();
                    int factors = requireFactors(payload.getInt(), "matrix factorisation");
                    double regularization = payload.getDouble();
                    float[] userBiases = readFloats(payload, rated.userCount(), "user biases");
                    float[] itemBiases = readFloats(payload, items, "item biases");
                    float[] users =
                            readFloats(payload, Math.multiplyExact(rated.userCount(), factors), "user factors");
                    float[] itemFactors = readFloats(payload, Math.multiplyExact(items, factors), "item factors");
                    yield BiasedFactorModel.of(rated, scale, mean, factors, regularization, userBiases, itemBiases,
                            users, itemFactors);
                }
            };
            if (payload.hasRemaining()) {
                throw corrupted(payload.remaining() + " unexpected bytes after the model");
            }
            return new RecommenderArtifact(manifest, model, catalogue);
        } catch (BufferUnderflowException | ArithmeticException | IllegalArgumentException e) {
            throw corrupted("truncated or malformed payload: " + e);
        } catch (MarqueeException e) {
            if (e.code() == ErrorCode.DATA_CORRUPTED) {
                throw e;
            }
            // A stored value a constructor refuses (a rating scale, a rating outside it) is damage, not bad input.
            throw corrupted(e.getMessage());
        }
    }

    private static int requireFactors(int factors, String model) {
        if (factors < 1) {
            throw corrupted(model + " factors " + factors);
        }
        return factors;
    }

    /** Checks magic, version and checksum; returns the payload positioned at its start. */
    private static ByteBuffer payload(byte[] artifact) {
        requireNonNull(artifact, "artifact is null");
        if (!isArtifact(artifact) || artifact.length < HEADER_BYTES) {
            throw corrupted("not a recommender artifact");
        }
        ByteBuffer buffer = ByteBuffer.wrap(artifact);
        buffer.position(MAGIC.length);
        int version = buffer.getInt();
        if (version < 1) {
            throw corrupted("invalid layout version " + version);
        }
        if (version > FORMAT_VERSION) {
            throw MarqueeException.invalid(
                    "recommender artifact layout version %d is newer than the newest supported version %d; upgrade"
                            + " Marquee", version, FORMAT_VERSION);
        }
        long length = buffer.getLong();
        if (length != artifact.length - HEADER_BYTES) {
            throw corrupted("payload length %d does not match the %d bytes present".formatted(
                    length, artifact.length - HEADER_BYTES));
        }
        byte[] expected = new byte[32];
        buffer.get(expected);
        ByteBuffer payload = buffer.slice();
        if (!MessageDigest.isEqual(expected, sha256(artifact, HEADER_BYTES, artifact.length - HEADER_BYTES))) {
            throw corrupted("payload checksum mismatch");
        }
        // Layout version 1 is the only one so far; a later version branches here on `version`.
        return payload;
    }

    private static ModelManifest manifest(ByteBuffer payload) {
        try {
            int length = payload.getInt();
            if (length < 0 || length > payload.remaining()) {
                throw corrupted("manifest length " + length);
            }
            byte[] json = new byte[length];
            payload.get(json);
            ObjectMapper mapper = Json.newObjectMapper();
            return mapper.readValue(json, ModelManifest.class);
        } catch (IOException | IllegalArgumentException | BufferUnderflowException e) {
            throw corrupted("invalid manifest: " + e.getMessage());
        }
    }

    private static void writeInteractions(DataOutputStream out, Interactions training) throws IOException {
        writeStrings(out, training.userCount(), training::userId);
        writeStrings(out, training.itemCount(), training::itemId);
        writeInts(out, training.offsetArray());
        writeInts(out, training.itemArray());
    }

    private static StoredInteractions readInteractions(ByteBuffer in) {
        List<String> userIds = readStrings(in);
        List<String> itemIds = readStrings(in);
        int[] offsets = readInts(in, userIds.size() + 1, "user offsets");
        int[] items = readInts(in, -1, "interaction items");
        requireIndexes(offsets, items, itemIds.size(), "interactions");
        return new StoredInteractions(userIds, itemIds, indexes(userIds, "user"), indexes(itemIds, "item"), offsets,
                items);
    }

    /** The interactions as stored: ids and CSR structure, built with or without ratings. */
    private record StoredInteractions(List<String> userIds, List<String> itemIds, Map<String, Integer> userIndexes,
            Map<String, Integer> itemIndexes, int[] offsets, int[] items) {
        /** {@code ratings} holds one rating per interaction in CSR order, or is null for none. */
        Interactions build(float[] ratings) {
            Interactions.Events events = new Interactions.Events(ratings != null, false);
            for (int user = 0; user < userIds.size(); user++) {
                for (int position = offsets[user]; position < offsets[user + 1]; position++) {
                    events.add(user, items[position], ratings == null ? Float.NaN : ratings[position], 0);
                }
            }
            return events.build(userIds, itemIds, userIndexes, itemIndexes);
        }
    }

    private static Map<String, Integer> indexes(List<String> ids, String kind) {
        Map<String, Integer> indexes = new HashMap<>();
        for (int index = 0; index < ids.size(); index++) {
            if (indexes.put(ids.get(index), index) != null) {
                throw corrupted("duplicate " + kind + " id '" + ids.get(index) + "'");
            }
        }
        return Map.copyOf(indexes);
    }

    /** CSR structure: offsets start at 0, never decrease, end at the value count; every value is an item index. */
    private static void requireIndexes(int[] offsets, int[] values, int itemCount, String what) {
        if (offsets[0] != 0 || offsets[offsets.length - 1] != values.length) {
            throw corrupted(what + " offsets do not span the values");
        }
        for (int index = 1; index < offsets.length; index++) {
            if (offsets[index] < offsets[index - 1]) {
                throw corrupted(what + " offsets decrease");
            }
        }
        for (int value : values) {
            if (value < 0 || value >= itemCount) {
                throw corrupted(what + " refer to item index " + value + " of " + itemCount);
            }
        }
    }

    private interface IdAt {
        String id(int index);
    }

    private static void writeStrings(DataOutputStream out, int count, IdAt ids) throws IOException {
        out.writeInt(count);
        for (int index = 0; index < count; index++) {
            byte[] bytes = ids.id(index).getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static List<String> readStrings(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / Integer.BYTES) {
            throw corrupted("id count " + count);
        }
        List<String> ids = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw corrupted("id length " + length);
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            ids.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return List.copyOf(ids);
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES);
        buffer.asIntBuffer().put(values);
        out.write(buffer.array());
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES);
        buffer.asDoubleBuffer().put(values);
        out.write(buffer.array());
    }

    /** Reads a length-prefixed array; {@code expected} is the required length, or -1 for any. */
    private static int[] readInts(ByteBuffer in, int expected, String what) {
        int length = length(in, expected, Integer.BYTES, what);
        int[] values = new int[length];
        in.asIntBuffer().get(values);
        in.position(in.position() + length * Integer.BYTES);
        return values;
    }

    private static float[] readFloats(ByteBuffer in, int expected, String what) {
        int length = length(in, expected, Float.BYTES, what);
        float[] values = new float[length];
        in.asFloatBuffer().get(values);
        in.position(in.position() + length * Float.BYTES);
        return values;
    }

    private static double[] readDoubles(ByteBuffer in, int expected, String what) {
        int length = length(in, expected, Double.BYTES, what);
        double[] values = new double[length];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + length * Double.BYTES);
        return values;
    }

    private static int length(ByteBuffer in, int expected, int width, String what) {
        int length = in.getInt();
        if (length < 0 || (expected >= 0 && length != expected) || length > in.remaining() / width) {
            throw corrupted("%s: %d values%s".formatted(what, length, expected >= 0 ? ", expected " + expected : ""));
        }
        return length;
    }

    private static byte[] sha256(byte[] bytes) {
        return sha256(bytes, 0, bytes.length);
    }

    private static byte[] sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, offset, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static MarqueeException corrupted(String detail) {
        return new MarqueeException(ErrorCode.DATA_CORRUPTED, "recommender artifact is damaged: " + detail);
    }

    /**
     * The model layouts and their codes in the file. Codes are never reused.
     */
    private enum ModelKind {
        MOST_POPULAR(1),
        ITEM_KNN(2),
        EASE(3),
        IMPLICIT_ALS(4),
        BPR(5),
        BIASED_FACTORISATION(6),
        IMPLICIT_ALS_WEIGHTED(7);

        private final int code;

        ModelKind(int code) {
            this.code = code;
        }

        static ModelKind of(RecommenderModel model) {
            return switch (model) {
                case MostPopular.Model ignored -> MOST_POPULAR;
                case ItemKnn.Model ignored -> ITEM_KNN;
                case Ease.Model ignored -> EASE;
                case ImplicitAls.Model als -> als.weightedRegularization() ? IMPLICIT_ALS_WEIGHTED : IMPLICIT_ALS;
                case Bpr.Model ignored -> BPR;
                case BiasedFactorModel ignored -> BIASED_FACTORISATION;
                default -> throw new IllegalArgumentException("no artifact layout for " + model.getClass().getName());
            };
        }

        static ModelKind of(int code) {
            for (ModelKind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw corrupted("unknown model kind " + code + " (written by a newer Marquee?)");
        }
    }
}
