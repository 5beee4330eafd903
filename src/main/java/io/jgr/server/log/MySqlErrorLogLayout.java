package io.jgr.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/**
 * Renders log events in MySQL 8's error-log format. Lines written through {@link ErrorLog} carry
 * their own code and subsystem; lines from libraries (JGroups, H2) become {@code [MY-010000] [Server]}
 * with the logger's short name in front so an operator can tell where they came from.
 */
public class MySqlErrorLogLayout extends LayoutBase<ILoggingEvent> {
    /** MDC key of the connection id a session thread works for; MySQL prints 0 for server threads. */
    public static final String THREAD_ID = "jgr.thread";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent event) {
        String code = "MY-010000";
        String subsystem = "Server";
        String label = label(event);
        String text = event.getFormattedMessage();
        if (ErrorLog.LOGGER.equals(event.getLoggerName())) {
            code = keyValue(event.getKeyValuePairs(), ErrorLog.CODE, code);
            subsystem = keyValue(event.getKeyValuePairs(), ErrorLog.SUBSYSTEM, subsystem);
            label = keyValue(event.getKeyValuePairs(), ErrorLog.LABEL, label);
        } else {
            text = "[" + shortName(event.getLoggerName()) + "] " + text;
        }
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(event.getInstant()))
                .append(' ').append(threadId(event))
                .append(" [").append(label).append("] [").append(code).append("] [")
                .append(subsystem).append("] ").append(text)
                .append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            line.append(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                    .append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    private static String label(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return LogLevel.ERROR.label();
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return LogLevel.WARNING.label();
        }
        return LogLevel.NOTE.label();
    }

    private static String threadId(ILoggingEvent event) {
        String id = event.getMDCPropertyMap().get(THREAD_ID);
        if (id == null) {
            id = MDC.get(THREAD_ID);
        }
        return id == null ? "0" : id;
    }

    private static String keyValue(List<KeyValuePair> pairs, String key, String fallback) {
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (key.equals(pair.key) && pair.value != null) {
                    return pair.value.toString();
                }
            }
        }
        return fallback;
    }

    private static String shortName(String loggerName) {
        int dot = loggerName.lastIndexOf('.');
        return dot < 0 ? loggerName : loggerName.substring(dot + 1);
    }
}
