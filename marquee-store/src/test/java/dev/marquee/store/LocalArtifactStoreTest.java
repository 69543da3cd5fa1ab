package dev.marquee.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalArtifactStoreTest {
    /** SHA-256 of the ASCII text {@code hello}. */
    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @TempDir
    Path root;

    private LocalArtifactStore store;

    @BeforeEach
    void createStore() {
        store = new LocalArtifactStore(root);
    }

    @Test
    void storesContentUnderItsSha256() {
        StoredArtifact stored = store.put(bytes("hello"));

        assertThat(stored.sha256()).isEqualTo(HELLO_SHA256);
        assertThat(stored.sizeBytes()).isEqualTo(5);
        assertThat(stored.path()).isEqualTo(root.resolve("2c").resolve(HELLO_SHA256.substring(2)));
        assertThat(store.exists(HELLO_SHA256)).isTrue();
        assertThat(store.read(HELLO_SHA256)).isEqualTo(bytes("hello"));
        assertThat(store.verifiedPath(HELLO_SHA256)).isEqualTo(stored.path()).hasBinaryContent(bytes("hello"));
    }

    @Test
    void roundTripsStreamedContentLargerThanOneBuffer() {
        byte[] content = randomBytes(300_000, 7);

        StoredArtifact stored = store.put(new ByteArrayInputStream(content), content.length);

        assertThat(stored.sizeBytes()).isEqualTo(content.length);
        assertThat(store.read(stored.sha256())).isEqualTo(content);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void storesEmptyContent() {
        StoredArtifact stored = store.put(new byte[0]);

        assertThat(stored.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(store.read(stored.sha256())).isEmpty();
    }

    @Test
    void acceptsContentOfExactlyTheLimit() {
        StoredArtifact stored = store.put(new ByteArrayInputStream(bytes("hello")), 5);

        assertThat(stored.sha256()).isEqualTo(HELLO_SHA256);
    }

    @Test
    void rejectsContentOverTheLimitAndLeavesNoFile() {
        byte[] content = randomBytes(200_000, 11);

        assertFails(
                () -> store.put(new ByteArrayInputStream(content), 100_000),
                ErrorCode.PAYLOAD_TOO_LARGE,
                "upload exceeds the limit of 100000 bytes");
        assertThat(temporaryFiles()).isEmpty();
        assertThat(blobFiles()).isEmpty();
    }

    @Test
    void rejectsOneByteOverTheLimit() {
        assertFails(
                () -> store.put(new ByteArrayInputStream(bytes("hello")), 4),
                ErrorCode.PAYLOAD_TOO_LARGE,
                "upload exceeds the limit of 4 bytes");
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void failingSourceLeavesNoTemporaryFile() {
        InputStream broken = new InputStream() {
            private int remaining = 100_000;

            @Override
            public int read() throws IOException {
                if (remaining == 0) {
                    throw new IOException("connection reset");
                }
                remaining--;
                return 42;
            }
        };

        assertThatThrownBy(() -> store.put(broken, 1_000_000)).hasRootCauseMessage("connection reset");
        assertThat(temporaryFiles()).isEmpty();
        assertThat(blobFiles()).isEmpty();
    }

    @Test
    void failedCheckStoresNothing() {
        assertFails(
                () -> store.put(new ByteArrayInputStream(bytes("not,valid")), 1_000, file -> {
                    assertThat(file).hasContent("not,valid");
                    throw MarqueeException.invalid("line 1: rejected by the check");
                }),
                ErrorCode.INVALID_ARGUMENT,
                "rejected by the check");
        assertThat(temporaryFiles()).isEmpty();
        assertThat(blobFiles()).isEmpty();
    }

    @Test
    void passedCheckStoresTheContent() {
        StoredArtifact stored = store.put(new ByteArrayInputStream(bytes("fine")), 1_000, file -> {});
        assertThat(store.read(stored.sha256())).isEqualTo(bytes("fine"));
    }

    @Test
    void detectsCorruptedByteOnRead() throws IOException {
        StoredArtifact stored = store.put(randomBytes(10_000, 3));
        flipByte(stored.path(), 5_000);

        String expected = "artifact " + stored.sha256() + " failed its sha256 check: stored content is corrupted";
        assertFails(() -> store.read(stored.sha256()), ErrorCode.DATA_CORRUPTED, expected);
        assertFails(() -> store.verifiedPath(stored.sha256()), ErrorCode.DATA_CORRUPTED, expected);
    }

    @Test
    void storingTheContentAgainRepairsACorruptedCopy() throws IOException {
        byte[] content = randomBytes(10_000, 5);
        StoredArtifact stored = store.put(content);
        flipByte(stored.path(), 0);

        store.put(content);

        assertThat(store.read(stored.sha256())).isEqualTo(content);
    }

    @Test
    void absentArtifactIsNotFound() {
        assertThat(store.exists(HELLO_SHA256)).isFalse();
        assertFails(() -> store.read(HELLO_SHA256), ErrorCode.NOT_FOUND, "artifact " + HELLO_SHA256 + " not found");
        assertFails(
                () -> store.verifiedPath(HELLO_SHA256), ErrorCode.NOT_FOUND, "artifact " + HELLO_SHA256 + " not found");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2cf24dba",
                "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
                "../../../../../../../../../../../../../../../../../../../../../etc/passwd",
                "2c/../../../../../../../../../../../../../../../../../../../../../../x",
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982g"
            })
    void rejectsMalformedSha256(String sha256) {
        store.put(bytes("hello"));

        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> store.read(sha256), () -> store.verifiedPath(sha256), () -> store.exists(sha256))) {
            assertFails(call, ErrorCode.INVALID_ARGUMENT, "artifact sha256 must be 64 lowercase hex characters");
        }
    }

    @Test
    void concurrentPutsOfTheSameContentStoreOneIntactFile() throws Exception {
        byte[] content = randomBytes(1_000_000, 13);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StoredArtifact>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int writer = 0; writer < 16; writer++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return store.put(new ByteArrayInputStream(content), content.length);
                }));
            }
            start.countDown();
            for (Future<StoredArtifact> future : futures) {
                assertThat(future.get().path()).isEqualTo(futures.getFirst().get().path());
            }
        }

        assertThat(blobFiles()).hasSize(1);
        assertThat(temporaryFiles()).isEmpty();
        assertThat(store.read(futures.getFirst().get().sha256())).isEqualTo(content);
    }

    @Test
    void deletesLeftoverTemporaryFilesWhenCreated() throws IOException {
        Path leftover = Files.writeString(root.resolve("tmp").resolve("upload-123.part"), "half an upload");

        new LocalArtifactStore(root);

        assertThat(leftover).doesNotExist();
    }

    @Test
    void rejectsNegativeLimit() {
        assertFails(
                () -> store.put(new ByteArrayInputStream(bytes("hello")), -1),
                ErrorCode.INVALID_ARGUMENT,
                "maxBytes must not be negative: -1");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] content = new byte[length];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static void flipByte(Path file, int position) throws IOException {
        byte[] content = Files.readAllBytes(file);
        content[position] ^= 0x01;
        Files.write(file, content);
    }

    private List<Path> temporaryFiles() {
        return filesUnder(root.resolve("tmp"));
    }

    private List<Path> blobFiles() {
        return filesUnder(root).stream()
                .filter(path -> !path.startsWith(root.resolve("tmp")))
                .toList();
    }

    private static List<Path> filesUnder(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class, failure -> assertThat(failure.code())
                        .isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}
