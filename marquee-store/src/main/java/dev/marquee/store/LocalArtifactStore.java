package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * An {@link ArtifactStore} in a local directory. A blob with SHA-256 {@code abcdef...} lives at
 * {@code root/ab/cdef...}; uploads in progress live in {@code root/tmp}.
 *
 * <p>Writes stream into a temporary file while hashing, fsync it, rename it atomically into place and fsync the
 * directory, so that after a crash a blob is either absent or whole. Equal content stored twice, even concurrently,
 * ends as one file; storing content whose existing copy is corrupted replaces that copy. Reads verify the SHA-256
 * before returning anything.
 *
 * <p>Thread-safe. One store instance should own a root directory: constructing one deletes the temporary files a
 * previous process left behind, including those of another live instance. I/O failures surface as
 * {@link UncheckedIOException} (also when reading the caller's {@code InputStream} fails); contract violations
 * as {@link MarqueeException}.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path root;
    private final Path temporaryDirectory;

    /** Uses (creating it if needed) {@code root} and deletes leftover temporary files. */
    public LocalArtifactStore(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.temporaryDirectory = this.root.resolve("tmp");
        try {
            Files.createDirectories(temporaryDirectory);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temporaryDirectory)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot prepare the artifact store at " + this.root, failure);
        }
    }

    /** {@inheritDoc} INVALID_ARGUMENT when {@code maxBytes} is negative. */
    @Override
    public StoredArtifact put(InputStream content, long maxBytes) {
        return put(content, maxBytes, file -> {});
    }

    /** {@inheritDoc} INVALID_ARGUMENT when {@code maxBytes} is negative. */
    @Override
    public StoredArtifact put(InputStream content, long maxBytes, Consumer<Path> check) {
        requireNonNull(content, "content is null");
        requireNonNull(check, "check is null");
        if (maxBytes < 0) {
            throw MarqueeException.invalid("maxBytes must not be negative: %s", maxBytes);
        }
        Path temporaryFile = null;
        try {
            temporaryFile = Files.createTempFile(temporaryDirectory, "upload-", ".part");
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            try (FileChannel channel = FileChannel.open(temporaryFile, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                int read;
                while ((read = content.read(buffer)) != -1) {
                    size += read;
                    if (size > maxBytes) {
                        throw new MarqueeException(
                                ErrorCode.PAYLOAD_TOO_LARGE,
                                "upload exceeds the limit of %d bytes".formatted(maxBytes));
                    }
                    digest.update(buffer, 0, read);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                    while (chunk.hasRemaining()) {
                        channel.write(chunk);
                    }
                }
                channel.force(true);
            }
            check.accept(temporaryFile);
            String sha256 = Sha256.hex(digest);
            Path target = blobPath(sha256);
            install(temporaryFile, target, sha256);
            return new StoredArtifact(sha256, size, target);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot store an artifact", failure);
        } finally {
            if (temporaryFile != null) {
                deleteQuietly(temporaryFile);
            }
        }
    }

    @Override
    public StoredArtifact put(byte[] content) {
        requireNonNull(content, "content is null");
        return put(new ByteArrayInputStream(content), content.length);
    }

    /** {@inheritDoc} INVALID_ARGUMENT when {@code sha256} is not 64 lowercase hex characters. */
    @Override
    public byte[] read(String sha256) {
        Path path = blobPath(requireValid(sha256));
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException absent) {
            throw notFound(sha256);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read artifact " + sha256, failure);
        }
        MessageDigest digest = Sha256.newDigest();
        digest.update(content);
        if (!Sha256.hex(digest).equals(sha256)) {
            throw corrupted(sha256);
        }
        return content;
    }

    /** {@inheritDoc} INVALID_ARGUMENT when {@code sha256} is not 64 lowercase hex characters. */
    @Override
    public Path verifiedPath(String sha256) {
        Path path = blobPath(requireValid(sha256));
        try {
            if (!hashOf(path).equals(sha256)) {
                throw corrupted(sha256);
            }
        } catch (NoSuchFileException absent) {
            throw notFound(sha256);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read artifact " + sha256, failure);
        }
        return path;
    }

    /** {@inheritDoc} Does not verify the content. INVALID_ARGUMENT when {@code sha256} is malformed. */
    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(blobPath(requireValid(sha256)));
    }

    private void install(Path temporaryFile, Path target, String sha256) throws IOException {
        Path shard = target.getParent();
        if (!Files.isDirectory(shard)) {
            Files.createDirectories(shard);
            forceDirectory(root);
        }
        if (Files.exists(target) && isIntact(target, sha256)) {
            return;
        }
        try {
            // rename(2): readers see the old file or the new one, never a partial one; it also replaces a copy
            // that failed its check above, or one a concurrent writer of the same content installed meanwhile.
            Files.move(temporaryFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // Platforms whose atomic rename does not replace: a concurrent writer got there first.
            if (!isIntact(target, sha256)) {
                throw raced;
            }
            return;
        }
        forceDirectory(shard);
    }

    private static boolean isIntact(Path path, String sha256) throws IOException {
        try {
            return hashOf(path).equals(sha256);
        } catch (NoSuchFileException absent) {
            return false;
        }
    }

    private static String hashOf(Path path) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream input = Files.newInputStream(path)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int read;
            while ((read = input.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
        }
        return Sha256.hex(digest);
    }

    /** Makes a rename or a new entry in {@code directory} durable. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // Some platforms (Windows) and file systems cannot open or sync a directory; the rename is still
            // atomic there, only its durability across a power loss is up to the operating system.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temporary file that cannot be deleted now is deleted when the next store starts.
        }
    }

    private Path blobPath(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
    }

    private static String requireValid(String sha256) {
        return Sha256.requireValid(requireNonNull(sha256, "sha256 is null"), "artifact sha256");
    }

    private static MarqueeException notFound(String sha256) {
        return MarqueeException.notFound("artifact %s not found", sha256);
    }

    private static MarqueeException corrupted(String sha256) {
        return new MarqueeException(
                ErrorCode.DATA_CORRUPTED,
                "artifact %s failed its sha256 check: stored content is corrupted".formatted(sha256));
    }
}
