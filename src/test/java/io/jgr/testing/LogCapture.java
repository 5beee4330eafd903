package io.jgr.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.jgr.server.log.MySqlErrorLogLayout;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every error-log line written in this JVM while open, rendered exactly as the member
 * writes them. Use in try-with-resources: {@code try (LogCapture log = LogCapture.open()) { ... }}.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final MySqlErrorLogLayout layout = new MySqlErrorLogLayout();
    private final List<String> lines = new ArrayList<>();

    private LogCapture() {
    }

    public static LogCapture open() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(context);
        capture.layout.setContext(context);
        capture.layout.start();
        capture.start0();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        return capture;
    }

    private void start0() {
        super.start();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        String line = layout.doLayout(event);
        lines.add(line.endsWith(System.lineSeparator())
                ? line.substring(0, line.length() - System.lineSeparator().length()) : line);
    }

    /** A snapshot of the lines captured so far, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The captured lines that contain {@code fragment}. */
    public synchronized List<String> linesContaining(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}
