package io.jgr.sql.protocol;

import io.jgr.sql.engine.SqlEngine;

/** The global variables the protocol reads from the engine, with MySQL's defaults when absent. */
final class ServerSettings {
    static final String DEFAULT_VERSION = "8.0.36-jgr";

    private final SqlEngine engine;

    ServerSettings(SqlEngine engine) {
        this.engine = engine;
    }

    String version() {
        return engine.globalVariable("version").orElse(DEFAULT_VERSION);
    }

    long maxConnections() {
        return number("max_connections", 151);
    }

    long maxAllowedPacket() {
        return number("max_allowed_packet", 64L * 1024 * 1024);
    }

    long maxPreparedStatements() {
        return number("max_prepared_stmt_count", 16382);
    }

    long connectTimeoutSeconds() {
        return number("connect_timeout", 10);
    }

    long waitTimeoutSeconds(boolean interactive) {
        return interactive ? number("interactive_timeout", 28800) : number("wait_timeout", 28800);
    }

    boolean requireSecureTransport() {
        String v = engine.globalVariable("require_secure_transport").orElse("OFF").trim();
        return v.equalsIgnoreCase("ON") || v.equals("1") || v.equalsIgnoreCase("TRUE");
    }

    private long number(String name, long fallback) {
        try {
            return engine.globalVariable(name).map(String::trim).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
