package io.jgr.recovery;

import java.util.Objects;

/** The user and password CHANGE ... FOR CHANNEL 'group_replication_recovery' stored; toString hides the password. */
public record StoredCredentials(String user, String password) {
    public StoredCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "StoredCredentials[user=" + user + ", password=<secret>]";
    }
}
