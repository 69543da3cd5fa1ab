package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import dev.marquee.core.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request log on disk: one directory per tenant and endpoint, {@code <root>/<tenant id>/<endpoint>/}, holding
 * JSON-lines files {@code requests-<n>.jsonl} numbered upwards. A file is rotated before a line would take it past
 * {@code maxFileBytes}; when that makes more than {@code maxFiles}, the lowest-numbered ones are deleted.
 *
 * <p>Every line is written whole with one positioned write sequence; a crash can still leave a torn last line, so a
 * file that does not end with a newline is never appended to again (the next write starts a new file), and {@link
 * #recent} skips any line that is not a JSON object.
 *
 * <p>{@link #append} and {@link #close} are for one writer thread; {@link #recent} may run concurrently on any
 * thread.
 */
public final class RotatingRequestLogFiles implements RequestLogSink {
    private static final Pattern FILE = Pattern.compile("requests-(\\d{1,18})\\.jsonl");

    private final Path root;
    private final long maxFileBytes;
    private final int maxFiles;
    private final int maxOpenFiles;
    private final ObjectMapper mapper = Json.newObjectMapper();
    private final LinkedHashMap<Path, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);

    private static final class OpenFile {
        final Path directory;
        long number;
        FileChannel channel;
        long size;

        OpenFile(Path directory) {
            this.directory = directory;
        }
    }

    public RotatingRequestLogFiles(RequestLogConfig config) {
        requireNonNull(config, "config is null");
        this.root = config.directory();
        this.maxFileBytes = config.maxFileBytes();
        this.maxFiles = config.maxFiles();
        this.maxOpenFiles = config.maxOpenFiles();
    }

    /** The directory of an endpoint's files. Both names are checked, so no name can reach outside the root. */
    public Path directory(String tenantId, String endpoint) {
        Names.requireValid("tenant", tenantId);
        Names.requireValid("endpoint", endpoint);
        return root.resolve(tenantId).resolve(endpoint);
    }

    @Override
    public void append(String tenantId, String endpoint, byte[] line) throws IOException {
        Path directory = directory(tenantId, endpoint);
        OpenFile file = open.get(directory);
        if (file == null) {
            file = openLatest(directory);
            open.put(directory, file);
            closeLeastRecentlyUsed();
        }
        if (file.size > 0 && file.size + line.length > maxFileBytes) {
            rotate(file);
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        try {
            while (buffer.hasRemaining()) {
                file.channel.write(buffer);
            }
        } catch (IOException failure) {
            // Part of the line may be on disk: forget this file, so that the next write looks at its end again
            // and, finding no newline there, starts a new file instead of gluing a line onto the fragment.
            open.remove(directory);
            try {
                file.channel.close();
            } catch (IOException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        file.size += line.length;
    }

    private OpenFile openLatest(Path directory) throws IOException {
        Files.createDirectories(directory);
        OpenFile file = new OpenFile(directory);
        List<Long> numbers = numbers(directory);
        if (numbers.isEmpty()) {
            file.number = 1;
        } else {
            long latest = numbers.getLast();
            Path path = path(directory, latest);
            boolean reusable = Files.size(path) < maxFileBytes && endsWithNewline(path);
            file.number = reusable ? latest : latest + 1;
        }
        openChannel(file);
        deleteOldest(directory);
        return file;
    }

    private void rotate(OpenFile file) throws IOException {
        file.channel.close();
        file.number++;
        openChannel(file);
        deleteOldest(file.directory);
    }

    private static void openChannel(OpenFile file) throws IOException {
        file.channel = FileChannel.open(
                path(file.directory, file.number),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        file.size = file.channel.size();
    }

    private void deleteOldest(Path directory) throws IOException {
        List<Long> numbers = numbers(directory);
        for (int index = 0; index < numbers.size() - maxFiles; index++) {
            Files.deleteIfExists(path(directory, numbers.get(index)));
        }
    }

    private void closeLeastRecentlyUsed() throws IOException {
        Iterator<OpenFile> files = open.values().iterator();
        while (open.size() > maxOpenFiles && files.hasNext()) {
            OpenFile eldest = files.next();
            files.remove();
            eldest.channel.close();
        }
    }

    private static boolean endsWithNewline(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /** The numbers of an endpoint's files, ascending; empty when it has none. */
    private static List<Long> numbers(Path directory) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "requests-*.jsonl")) {
            for (Path entry : entries) {
                Matcher matcher = FILE.matcher(entry.getFileName().toString());
                if (matcher.matches()) {
                    numbers.add(Long.parseLong(matcher.group(1)));
                }
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        }
        Collections.sort(numbers);
        return numbers;
    }

    private static Path path(Path directory, long number) {
        return directory.resolve("requests-%08d.jsonl".formatted(number));
    }

    /** The endpoint's log files, oldest first (for operators and tests). */
    public List<Path> files(String tenantId, String endpoint) {
        Path directory = directory(tenantId, endpoint);
        try {
            return numbers(directory).stream().map(number -> path(directory, number)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list request logs of " + endpoint, e);
        }
    }

    /**
     * Up to {@code limit} of the endpoint's most recent entries, newest first, as written (already redacted). Lines
     * that are not whole JSON objects (a torn last line) are skipped; a file deleted by rotation while being read
     * counts as empty.
     */
    public List<JsonNode> recent(String tenantId, String endpoint, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        List<Path> files = files(tenantId, endpoint);
        List<JsonNode> entries = new ArrayList<>();
        for (int index = files.size() - 1; index >= 0 && entries.size() < limit; index--) {
            List<String> lines;
            try {
                // Decoded leniently: a torn last line may end inside a multi-byte character.
                lines = new String(Files.readAllBytes(files.get(index)), StandardCharsets.UTF_8).lines().toList();
            } catch (NoSuchFileException deleted) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read request logs of " + endpoint, e);
            }
            for (int line = lines.size() - 1; line >= 0 && entries.size() < limit; line--) {
                parse(lines.get(line)).ifPresent(entries::add);
            }
        }
        return entries;
    }

    private Optional<JsonNode> parse(String line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException torn) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (OpenFile file : open.values()) {
            try {
                file.channel.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
