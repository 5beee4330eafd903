package io.jgr.gr;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;

/**
 * The Group Replication plugin's own error-log lines (not the [GCS] ones), with MySQL 8.0's texts. Session 27
 * checked every code against real MySQL 8.0 error-log lines or, where none was found, MySQL's
 * {@code share/messages_to_error_log.txt} with a generated {@code mysqld_error.h}; "log" or "messages file"
 * says which.
 */
final class GrLog {
    /** ER_GRP_RPL_GRP_COMMUNICATION_INIT_WITH_CONF (spec §3.3). */
    static final String INIT_WITH_CONF = "MY-011694";
    /** "Unable to initialize the group communication engine" (log). */
    static final String GCS_INIT_ERROR = "MY-011674";
    /** "Error on group communication engine initialization" (log). */
    static final String GCS_INIT_FAILED = "MY-011637";
    /** ER_GRP_RPL_GRP_NAME_OPTION_MANDATORY (log; MY-011660 was used before session 27: it is the boot failure). */
    static final String GROUP_NAME_MANDATORY = "MY-011685";
    /** log */
    static final String VIEW_TIMEOUT = "MY-011640";
    /** log */
    static final String MEMBER_LEFT = "MY-011504";
    /** ER_GRP_RPL_FATAL_APPLIER_ERROR: the applier stopped, the member leaves. */
    static final String APPLIER_FATAL = "MY-011452";
    /** ER_GRP_RPL_SERVER_SET_TO_READ_ONLY_DUE_TO_ERRORS */
    static final String SET_READ_ONLY_ON_ERROR = "MY-011712";
    /** ER_GRP_RPL_SUPER_READ_ON */
    static final String SUPER_READ_ON = "MY-011565";
    /** ER_GRP_RPL_MEMBER_EXPELLED (log) */
    static final String EXPELLED = "MY-011505";
    /** ER_GRP_RPL_SRV_ONLINE (log) */
    static final String DECLARED_ONLINE = "MY-011490";
    /** ER_GRP_RPL_FAILED_TO_START_ON_BOOT (log; MY-011598 before session 27) */
    static final String BOOT_FAILED = "MY-011660";
    /** "The group_replication_group_name '%s' is not a valid UUID" (messages file; MY-011661 before session 27) */
    static final String GROUP_NAME_INVALID = "MY-011687";
    /** ER_GRP_RPL_STARTED_AUTO_REJOIN (messages file; MY-011870, an InnoDB code, before session 27) */
    static final String AUTO_REJOIN_STARTED = "MY-013373";
    /** ER_GRP_RPL_FINISHED_AUTO_REJOIN (messages file; MY-011871 before session 27) */
    static final String AUTO_REJOIN_FINISHED = "MY-013375";

    /** ER_GRP_RPL_SERVER_SET_TO_OFFLINE_MODE_DUE_TO_ERRORS (log; MY-013668 before session 27) */
    static final String SET_OFFLINE_ON_ERROR = "MY-013486";
    /** ER_GRP_RPL_PLUGIN_ABORT (messages file; MY-011647 before session 27) */
    static final String PLUGIN_ABORT = "MY-013173";

    /** ER_GRP_RPL_UNREACHABLE_MAJORITY_TIMEOUT_FOR_MEMBER (messages file; MY-011508 before session 27) */
    static final String MAJORITY_TIMEOUT = "MY-011711";

    /** The code, level and text as a MySQL 8.0 error log shows them (a public log excerpt, session 27). */
    static final String MORE_EXECUTED_THAN_GROUP = "MY-011526";
    /** The code, level and text as a MySQL 8.0 error log shows them (a public log excerpt, session 27). */
    static final String TRANSACTIONS_NOT_IN_GROUP = "MY-011522";

    /** A joiner whose mode settings differ from the group's (log: MySQL 8.0 error-log excerpts, session 30). */
    static final String CONFIGURATION_MISMATCH = "MY-011529";

    private GrLog() {
    }

    static void error(String code, String text) {
        ErrorLog.groupReplication(LogLevel.ERROR, code, text);
    }

    static void note(String code, String text) {
        ErrorLog.groupReplication(LogLevel.NOTE, code, text);
    }

    static void system(String code, String text) {
        ErrorLog.groupReplication(LogLevel.SYSTEM, code, text);
    }

    /** What MySQL logs once a member that left on an error is set read-only (exit_state_action READ_ONLY's part). */
    static void readOnlyOnError() {
        error(SET_READ_ONLY_ON_ERROR, "The server was automatically set into read only mode after an error was detected.");
        system(SUPER_READ_ON, "Setting super_read_only=ON.");
    }

    /** What MySQL logs when the group communication layer cannot be initialised (START then fails with 3096). */
    static void initFailed() {
        error(GCS_INIT_ERROR, "Unable to initialize the group communication engine");
        error(GCS_INIT_FAILED, "Error on group communication engine initialization");
    }
}
