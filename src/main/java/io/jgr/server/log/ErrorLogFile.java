package io.jgr.server.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The {@code log_error} file: a logback file appender with {@link MySqlErrorLogLayout} added to the
 * root logger at run time (logback.xml only knows stderr). As MySQL, once the file is open the
 * error log no longer goes to stderr; {@link #close()} restores stderr.
 */
public final class ErrorLogFile implements AutoCloseable {
    /** Name of the console appender in logback.xml. */
    private static final String CONSOLE = "STDERR";

    private final FileAppender<ILoggingEvent> appender;
    private final Appender<ILoggingEvent> console;

    private ErrorLogFile(FileAppender<ILoggingEvent> appender, Appender<ILoggingEvent> console) {
        this.appender = appender;
        this.console = console;
    }

    /** Starts writing the error log to {@code file} (appending, parent directories created). */
    public static ErrorLogFile open(Path file, boolean keepStderr) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        MySqlErrorLogLayout layout = new MySqlErrorLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("log_error:" + file);
        appender.setFile(file.toAbsolutePath().toString());
        appender.setAppend(true);
        appender.setImmediateFlush(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("Could not open the error log file " + file);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        Appender<ILoggingEvent> console = null;
        if (!keepStderr) {
            console = root.getAppender(CONSOLE);
            if (console != null) {
                root.detachAppender(console);
            }
        }
        return new ErrorLogFile(appender, console);
    }

    public Path file() {
        return Path.of(appender.getFile());
    }

    @Override
    public void close() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        if (console != null) {
            root.addAppender(console);
        }
        root.detachAppender(appender);
        appender.stop();
    }
}
