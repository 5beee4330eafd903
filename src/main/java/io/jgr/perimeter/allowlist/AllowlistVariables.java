package io.jgr.perimeter.allowlist;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What the variable registry and START GROUP_REPLICATION call: validation of
 * {@code group_replication_ip_allowlist} / {@code group_replication_ip_whitelist} values with
 * MySQL's errors and log lines, and the precedence between the two names.
 */
public final class AllowlistVariables {
    public static final String ALLOWLIST = "group_replication_ip_allowlist";
    public static final String WHITELIST = "group_replication_ip_whitelist";
    public static final String DEFAULT_VALUE = "AUTOMATIC";

    private AllowlistVariables() {
    }

    /**
     * SET time (jgr decision 2): the whole value is validated, with or without GR running.
     * AUTOMATIC mixed with anything, or an invalid IP/mask, throws 3092 with the text naming
     * {@code variable}; an invalid entry also logs {@code [GCS] Invalid IP or subnet mask in the allowlist: <entry>}.
     * NULL and DEFAULT (1231) are the registry's to refuse, before calling this.
     *
     * @return the parsed value, for a caller that wants to apply it
     */
    public static Allowlist checkSet(String variable, String value) throws SQLException {
        try {
            return Allowlist.parse(value);
        } catch (InvalidAllowlistException e) {
            if (e.logText() != null) {
                ErrorLog.gcs(LogLevel.ERROR, e.logText());
            }
            throw invalid(variable);
        }
    }

    /** The outcome of a START-time check, before anything is logged: a usable list, or the error and its log line. */
    public record StartCheck(Allowlist allowlist, SQLException error, String logText) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * START time, without side effects: AUTOMATIC mixed → 3092 (no log line); an invalid entry →
     * 3096 with {@code logText} = the GCS line to log (without {@code [GCS] }).
     */
    public static StartCheck checkStart(String variable, String value) {
        try {
            return new StartCheck(Allowlist.parse(value), null, null);
        } catch (InvalidAllowlistException e) {
            if (e.kind() == InvalidAllowlistException.Kind.AUTOMATIC_MIXED) {
                return new StartCheck(null, invalid(variable), null);
            }
            return new StartCheck(null,
                    MySqlError.ER_GROUP_REPLICATION_COMMUNICATION_LAYER_SESSION_ERROR.exception(), e.logText());
        }
    }

    /** {@link #checkStart}, logging the GCS line (Error) and throwing the SQL error. */
    public static Allowlist forStart(String variable, String value) throws SQLException {
        StartCheck check = checkStart(variable, value);
        if (!check.ok()) {
            if (check.logText() != null) {
                ErrorLog.gcs(LogLevel.ERROR, check.logText());
            }
            throw check.error();
        }
        return check.allowlist();
    }

    /**
     * The value START uses (MySQL's precedence): the allowlist unless it is AUTOMATIC, else the
     * whitelist unless it is AUTOMATIC, else AUTOMATIC. Comparisons ignore case and spaces.
     */
    public static String effectiveValue(String allowlist, String whitelist) {
        if (allowlist != null && !Allowlist.isAutomatic(allowlist)) {
            return allowlist;
        }
        if (whitelist != null && !Allowlist.isAutomatic(whitelist)) {
            return whitelist;
        }
        return DEFAULT_VALUE;
    }

    /** 3092 with MySQL's "AUTOMATIC … no other values" text naming the variable (used for every invalid value). */
    public static SQLException invalid(String variable) {
        return MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.withText(
                String.format(Locale.ROOT, MySqlError.ALLOWLIST_AUTOMATIC_MIXED, variable));
    }
}
