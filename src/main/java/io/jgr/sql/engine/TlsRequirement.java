package io.jgr.sql.engine;

/** An account's {@code REQUIRE} clause. */
public enum TlsRequirement {
    NONE, SSL, X509
}
