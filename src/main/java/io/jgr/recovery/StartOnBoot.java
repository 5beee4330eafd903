package io.jgr.recovery;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.util.Optional;

/**
 * {@code group_replication_start_on_boot} at server start (spec §4.3): the member joins with the
 * stored credentials only (no START statement can supply any), or says precisely why it cannot.
 */
public final class StartOnBoot {
    static final String GROUP_NAME_MANDATORY = "The group name option is mandatory";
    static final String NO_CREDENTIALS = "Group Replication is not able to start on boot because no recovery credentials "
            + "are stored for channel 'group_replication_recovery'. Store them with CHANGE REPLICATION SOURCE TO "
            + "SOURCE_USER=..., SOURCE_PASSWORD=... FOR CHANNEL 'group_replication_recovery', or start with "
            + "START GROUP_REPLICATION USER=..., PASSWORD=...";
    static final String UNABLE = "Unable to start Group Replication on boot";

    /** Start with {@code credentials}, or do not start (the reason was logged). */
    public record Decision(boolean start, Optional<Credentials> credentials, String reason) {
        static Decision skip(String reason) {
            return new Decision(false, Optional.empty(), reason);
        }
    }

    private StartOnBoot() {
    }

    /**
     * Decides at server start. {@code startOnBoot} is the variable's value, {@code groupName}
     * {@code group_replication_group_name} (null or empty = unset). Logs MySQL's lines on refusal.
     */
    public static Decision decide(boolean startOnBoot, String groupName, RecoveryCredentials credentials) {
        if (!startOnBoot) {
            return Decision.skip("group_replication_start_on_boot is OFF");
        }
        if (groupName == null || groupName.isBlank()) {
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011660", GROUP_NAME_MANDATORY);
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011649", UNABLE);
            return Decision.skip(GROUP_NAME_MANDATORY);
        }
        Optional<Credentials> stored;
        try {
            stored = credentials.storedOnly();
        } catch (CredentialStoreException e) {
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011660", e.getMessage());
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011649", UNABLE);
            return Decision.skip(e.getMessage());
        }
        if (stored.isEmpty()) {
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011660", NO_CREDENTIALS);
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011649", UNABLE);
            return Decision.skip(NO_CREDENTIALS);
        }
        return new Decision(true, stored, "");
    }
}
