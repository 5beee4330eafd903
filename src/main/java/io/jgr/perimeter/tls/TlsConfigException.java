package io.jgr.perimeter.tls;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS material or options that cannot be used. {@link #getMessage()} is MySQL's text for the
 * problem (e.g. {@code Private key is not properly loaded}); {@link #details()} are further lines
 * for the error log that name the file or value at fault. Neither ever holds file contents.
 */
public final class TlsConfigException extends Exception {
    private final List<String> details;

    public TlsConfigException(String mysqlText, String... details) {
        super(mysqlText);
        this.details = List.of(details);
    }

    public TlsConfigException(String mysqlText, Throwable cause, String... details) {
        super(mysqlText, cause);
        this.details = List.of(details);
    }

    /** Lines that precede MySQL's text in the error log (the file or value at fault). */
    public List<String> details() {
        return details;
    }

    /** Every line, details first then MySQL's text. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(details);
        lines.add(getMessage());
        return lines;
    }

    /** Writes {@link #lines()} as GCS error lines ({@code [GCS] ...}). */
    public void logAsGcs() {
        lines().forEach(line -> ErrorLog.gcs(LogLevel.ERROR, line));
    }

    /** The error {@code ALTER INSTANCE RELOAD TLS} returns: 3888 with this text. */
    public SQLException asReloadError() {
        return MySqlError.ER_DA_SSL_LIBRARY_ERROR.exception(String.join("; ", lines()));
    }
}
