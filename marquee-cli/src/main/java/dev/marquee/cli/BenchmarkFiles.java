package dev.marquee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.marquee.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;

/** Files the benchmark commands write and clean up. */
final class BenchmarkFiles {
    private BenchmarkFiles() {}

    /** Writes {@code results} as indented JSON to {@code output} atomically (a temporary file, then a move). */
    static void writeJson(Path output, Object results) {
        ObjectMapper mapper = Json.newObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "results", ".tmp");
            mapper.writeValue(temporary.toFile(), results);
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }

    /** Deletes a temporary directory and everything under it, best effort. */
    static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    /** Copies {@code name}, a script shipped in the CLI's resources, into {@code directory}; returns its path. */
    static Path extractResource(String name, Path directory) {
        Path target = directory.resolve(name);
        try (InputStream resource = BenchmarkFiles.class.getResourceAsStream(name)) {
            if (resource == null) {
                throw new IllegalStateException(name + " is missing from the CLI's resources");
            }
            Files.copy(resource, target);
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
