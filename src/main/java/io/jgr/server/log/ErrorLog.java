package io.jgr.server.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one way jgr writes to its error log. Each line carries MySQL's error code and subsystem so
 * that {@link MySqlErrorLogLayout} can print it exactly as MySQL 8 does:
 * {@code 2026-11-21T12:00:00.123456Z 0 [Warning] [MY-011735] [Repl] Plugin group_replication reported: '[GCS] ...'}.
 *
 * <p>Callers pass finished texts. Never pass a password, a key or a statement that may hold one.
 */
public final class ErrorLog {
    /** Logger name of error-log lines; the layout reads {@link #CODE} and {@link #SUBSYSTEM} from them. */
    public static final String LOGGER = "jgr.error_log";
    public static final String CODE = "code";
    public static final String SUBSYSTEM = "subsystem";
    public static final String LABEL = "label";

    /** MySQL 8 writes every GCS-originated line under this code. */
    public static final String GCS_CODE = "MY-011735";
    private static final String REPL = "Repl";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private ErrorLog() {
    }

    /** A line of the group communication layer: {@code Plugin group_replication reported: '[GCS] text'}. */
    public static void gcs(LogLevel level, String text) {
        groupReplication(level, GCS_CODE, "[GCS] " + text);
    }

    /** A line of the group replication plugin: {@code Plugin group_replication reported: 'text'}. */
    public static void groupReplication(LogLevel level, String code, String text) {
        write(level, code, REPL, "Plugin group_replication reported: '" + text + "'");
    }

    /** Any error-log line, e.g. {@code write(NOTE, "MY-010931", "Server", "ready for connections...")}. */
    public static void write(LogLevel level, String code, String subsystem, String text) {
        LOG.atLevel(slf4jLevel(level))
                .addKeyValue(LABEL, level.label())
                .addKeyValue(CODE, code)
                .addKeyValue(SUBSYSTEM, subsystem)
                .log(text);
    }

    /** The first line of a message (an exception's, say), trimmed: an error-log entry is one line. */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static Level slf4jLevel(LogLevel level) {
        return switch (level) {
            case ERROR -> Level.ERROR;
            case WARNING -> Level.WARN;
            case SYSTEM, NOTE -> Level.INFO;
        };
    }
}
