package io.jgr.perimeter.tls;

import java.util.Locale;

/**
 * {@code group_replication_ssl_mode}, in MySQL's order. What each mode checks is decided in
 * {@link MemberTlsContext}; jgr's additions (client certificate required, source address checked)
 * are in {@code docs/tls.md}.
 */
public enum SslMode {
    DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

    /** The mode a value names, case-insensitively; {@code [GCS] Requested invalid SSL mode: x} otherwise. */
    public static SslMode parse(String value) throws TlsConfigException {
        if (value == null || value.isBlank()) {
            return DISABLED;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException("Requested invalid SSL mode: " + value);
        }
    }

    /** True for VERIFY_CA and VERIFY_IDENTITY: chains and CRLs checked both ways, client certificate required. */
    public boolean verifiesChains() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }
}
