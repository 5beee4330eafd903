package io.jgr.recovery;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;

/** The error-log lines of distributed recovery, MySQL's wording (spec §2.2) and codes. */
final class RecoveryLog {
    static final String DONOR_SERVER_CONN = "There was an error when connecting to the donor server. Please check that "
            + "group_replication_recovery channel credentials and all MEMBER_HOST column values of "
            + "performance_schema.replication_group_members table are correct and DNS resolvable.";
    static final String CHECK_STATUS_TABLE = "For details please check performance_schema.replication_connection_status "
            + "table and error log messages of Replica I/O for channel group_replication_recovery.";
    static final String MAXIMUM_RETRIES = "Maximum number of retries when trying to connect to a donor reached. "
            + "Aborting group replication incremental recovery.";
    static final String FATAL = "Fatal error during the incremental recovery process of Group Replication. "
            + "The server will leave the group.";

    private RecoveryLog() {
    }

    static void establishing(Donor donor) {
        ErrorLog.groupReplication(LogLevel.NOTE, "MY-011576", "Establishing connection to a group replication recovery donor "
                + donor.memberId() + " at " + donor.host() + " port: " + donor.port() + ".");
    }

    /** MySQL's receiver-thread line (MY-010584), then the plugin's two lines. Never carries a password. */
    static void connectionFailed(String user, Donor donor, long retrySeconds, int attempt, int errorNumber, String message) {
        ErrorLog.write(LogLevel.ERROR, "MY-010584", "Repl", "Replica I/O for channel '" + RecoveryChannel.NAME
                + "': error connecting to source '" + user + "@" + donor.host() + ":" + donor.port() + "' - retry-time: "
                + retrySeconds + " retries: " + attempt + " message: " + message + ", Error_code: MY-"
                + String.format("%06d", errorNumber));
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011582", DONOR_SERVER_CONN);
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011583", CHECK_STATUS_TABLE);
    }

    /** MySQL's receiver thread on an error the source sent after the connection (MY-013114), e.g. a purged range. */
    static void receiverFatal(String message) {
        ErrorLog.write(LogLevel.ERROR, "MY-013114", "Repl", "Replica I/O for channel '" + RecoveryChannel.NAME + "': "
                + message + ", Error_code: MY-013114");
    }

    static void maximumRetries() {
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011574", MAXIMUM_RETRIES);
    }

    static void fatal() {
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011620", FATAL);
    }

    static void error(String text) {
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011620", text);
    }

    /** jgr's progress lines (MySQL has none), under the code of MySQL's "Distributed recovery will transfer data" line. */
    static void progress(String text) {
        ErrorLog.groupReplication(LogLevel.NOTE, "MY-013471", text);
    }
}
