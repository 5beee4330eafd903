package io.jgr.recovery;

import java.util.Objects;

/**
 * A recovery user and password (and, for START credentials, the DEFAULT_AUTH hint, else null).
 * {@link #toString()} never shows the password.
 */
public record Credentials(String user, String password, String defaultAuth, Source source) {

    /** Where the effective credentials come from. */
    public enum Source { START, STORED }

    public Credentials {
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=<secret>, defaultAuth=" + defaultAuth + ", source=" + source + "]";
    }
}
