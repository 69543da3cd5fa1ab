package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line text progress bar redrawn in place: {@code [#########-----------]  45% message}. */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private String lastLine = "";

    ProgressBar(PrintWriter out) {
        this.out = requireNonNull(out, "out is null");
    }

    void update(double fraction, String message) {
        double clamped = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(clamped * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %3d%% %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(clamped * 100), message);
        if (!line.equals(lastLine)) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
            lastLine = line;
        }
    }

    void finish() {
        out.println();
    }
}
