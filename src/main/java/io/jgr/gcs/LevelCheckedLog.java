package io.jgr.gcs;

import org.jgroups.logging.CustomLogFactory;
import org.jgroups.logging.Log;
import org.jgroups.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JGroups' logging through SLF4J that formats a message only when its level is on. JGroups' own SLF4J
 * adapter formats {@code trace(format, args...)} before it asks the level, and jgroups-raft 1.1.4 traces
 * every AppendEntries response on the leader without asking first: at saturation about 2 % of a primary's
 * CPU went to formatting lines that were never written (docs/group-engine.md, "Logging"). Levels come
 * from the logback configuration, as for everything else.
 */
final class LevelCheckedLog implements Log {
    private final Logger logger;

    private LevelCheckedLog(Logger logger) {
        this.logger = logger;
    }

    /** Makes JGroups create its loggers here; protocols take theirs when they are constructed. */
    static void install() {
        if (!(LogFactory.getCustomLogFactory() instanceof Factory)) {
            LogFactory.setCustomLogFactory(new Factory());
        }
    }

    private static final class Factory implements CustomLogFactory {
        @Override
        public Log getLog(Class<?> clazz) {
            return new LevelCheckedLog(LoggerFactory.getLogger(clazz));
        }

        @Override
        public Log getLog(String category) {
            return new LevelCheckedLog(LoggerFactory.getLogger(category));
        }
    }

    @Override
    public boolean isFatalEnabled() {
        return logger.isErrorEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return logger.isErrorEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return logger.isWarnEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return logger.isInfoEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return logger.isTraceEnabled();
    }

    @Override
    public void fatal(String msg) {
        logger.error(msg);
    }

    @Override
    public void fatal(String format, Object... args) {
        if (logger.isErrorEnabled()) {
            logger.error(String.format(format, args));
        }
    }

    @Override
    public void fatal(String msg, Throwable throwable) {
        logger.error(msg, throwable);
    }

    @Override
    public void error(String msg) {
        logger.error(msg);
    }

    @Override
    public void error(String format, Object... args) {
        if (logger.isErrorEnabled()) {
            logger.error(String.format(format, args));
        }
    }

    @Override
    public void error(String msg, Throwable throwable) {
        logger.error(msg, throwable);
    }

    @Override
    public void warn(String msg) {
        logger.warn(msg);
    }

    @Override
    public void warn(String format, Object... args) {
        if (logger.isWarnEnabled()) {
            logger.warn(String.format(format, args));
        }
    }

    @Override
    public void warn(String msg, Throwable throwable) {
        logger.warn(msg, throwable);
    }

    @Override
    public void info(String msg) {
        logger.info(msg);
    }

    @Override
    public void info(String format, Object... args) {
        if (logger.isInfoEnabled()) {
            logger.info(String.format(format, args));
        }
    }

    @Override
    public void debug(String msg) {
        logger.debug(msg);
    }

    @Override
    public void debug(String format, Object... args) {
        if (logger.isDebugEnabled()) {
            logger.debug(String.format(format, args));
        }
    }

    @Override
    public void debug(String msg, Throwable throwable) {
        logger.debug(msg, throwable);
    }

    @Override
    public void trace(Object msg) {
        if (logger.isTraceEnabled()) {
            logger.trace(String.valueOf(msg));
        }
    }

    @Override
    public void trace(String msg) {
        logger.trace(msg);
    }

    @Override
    public void trace(String format, Object... args) {
        if (logger.isTraceEnabled()) {
            logger.trace(String.format(format, args));
        }
    }

    @Override
    public void trace(String msg, Throwable throwable) {
        logger.trace(msg, throwable);
    }

    /** A protocol's {@code level} attribute: ignored, the logback configuration sets levels. */
    @Override
    public void setLevel(String level) {
    }

    @Override
    public String getLevel() {
        return logger.isTraceEnabled() ? "trace" : logger.isDebugEnabled() ? "debug" : logger.isInfoEnabled() ? "info"
                : logger.isWarnEnabled() ? "warn" : logger.isErrorEnabled() ? "error" : "off";
    }
}
