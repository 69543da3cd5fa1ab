package dev.marquee.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the benchmarks drive (load generators, Python baselines). */
final class ExternalProcess {
    private static final long PROBE_SECONDS = 60;

    private ExternalProcess() {}

    /** Whether the command starts and exits 0 within a minute. */
    static boolean succeeds(List<String> command) {
        return exits(command, true);
    }

    /** Whether the command starts and exits within a minute, whatever its status (for tools without a probe). */
    static boolean runs(List<String> command) {
        return exits(command, false);
    }

    private static boolean exits(List<String> command, boolean requireSuccess) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS) && (!requireSuccess || process.exitValue() == 0);
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Standard output and error of the command; fails when it exits non-zero or runs past the timeout. */
    static String output(List<String> command, long timeout, TimeUnit unit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            // A platform thread: a virtual thread blocked reading the pipe would hold one of the carrier threads the
            // server under test runs its virtual threads on (half the carriers on two cores).
            Thread reader = Thread.ofPlatform().daemon().name("external-process-output").start(() -> {
                try {
                    process.getInputStream().transferTo(output);
                }
                catch (IOException e) {
                    // The process ended; what was read is kept.
                }
            });
            if (!process.waitFor(timeout, unit)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " ran past " + timeout + " " + unit);
            }
            reader.join();
            String text = output.toString(StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}
