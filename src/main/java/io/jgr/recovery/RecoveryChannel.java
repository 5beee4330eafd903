package io.jgr.recovery;

import java.util.Locale;

/** The one replication channel jgr has: distributed recovery's. */
public final class RecoveryChannel {
    public static final String NAME = "group_replication_recovery";

    private RecoveryChannel() {
    }

    /** Channel names compare case-insensitively, as MySQL stores them in lower case. */
    public static boolean is(String channel) {
        return channel != null && channel.toLowerCase(Locale.ROOT).equals(NAME);
    }
}
