package io.jgr.gr;

import java.util.Arrays;
import java.util.Optional;

/**
 * The recovery credentials given to {@code START GROUP_REPLICATION USER=…, PASSWORD=…, DEFAULT_AUTH=…}
 * (spec §4.2): kept in memory only, used by distributed recovery, wiped by STOP. The password is a
 * {@code char[]} so {@link #wipe()} can overwrite it; {@link #toString()} never shows it.
 */
public final class RecoveryCredentials {
    private final String user;
    private final char[] password;
    private final String defaultAuth;
    private volatile boolean wiped;

    RecoveryCredentials(String user, char[] password, String defaultAuth) {
        this.user = user;
        this.password = password;
        this.defaultAuth = defaultAuth;
    }

    /** USER, or empty when only DEFAULT_AUTH was given. */
    public Optional<String> user() {
        return wiped ? Optional.empty() : Optional.ofNullable(user);
    }

    /** A copy of PASSWORD (the caller should wipe it after use), or empty. */
    public Optional<char[]> password() {
        return wiped || password == null ? Optional.empty() : Optional.of(password.clone());
    }

    public Optional<String> defaultAuth() {
        return wiped ? Optional.empty() : Optional.ofNullable(defaultAuth);
    }

    public boolean wiped() {
        return wiped;
    }

    /** Overwrites the password and forgets everything (STOP GROUP_REPLICATION, server shutdown). */
    public void wipe() {
        wiped = true;
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "RecoveryCredentials[user=" + (user == null ? "-" : user) + ", password="
                + (password == null ? "-" : "<secret>") + ", default_auth=" + (defaultAuth == null ? "-" : defaultAuth)
                + (wiped ? ", wiped" : "") + "]";
    }
}
