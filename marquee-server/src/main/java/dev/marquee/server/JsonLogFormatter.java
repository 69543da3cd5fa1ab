package dev.marquee.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Formats java.util.logging records as one JSON object per line (time, level, logger, message, error). */
public final class JsonLogFormatter extends Formatter {
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("message", formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        try {
            return mapper.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            return record.getLevel() + " " + record.getMessage() + System.lineSeparator();
        }
    }

    /** Replaces the root logger's handlers with one console handler writing JSON lines at {@code level}. */
    public static void install(Level level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new JsonLogFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
    }
}
