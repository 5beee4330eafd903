package io.jgr.sql.auth;

import java.util.Optional;

/** The authentication plugins the server speaks, by their protocol names. */
public enum AuthPlugin {
    MYSQL_NATIVE_PASSWORD("mysql_native_password"),
    CACHING_SHA2_PASSWORD("caching_sha2_password");

    /** What the server names in its greeting, as MySQL 8 does by default. */
    public static final AuthPlugin DEFAULT = CACHING_SHA2_PASSWORD;

    private final String protocolName;

    AuthPlugin(String protocolName) {
        this.protocolName = protocolName;
    }

    public String protocolName() {
        return protocolName;
    }

    public static Optional<AuthPlugin> byName(String name) {
        for (AuthPlugin p : values()) {
            if (p.protocolName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
