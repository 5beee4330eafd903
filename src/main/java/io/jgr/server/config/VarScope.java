package io.jgr.server.config;

/** Where a system variable lives: server-wide, per session, or both (session copies the global). */
public enum VarScope {
    GLOBAL,
    SESSION,
    BOTH;

    boolean hasGlobal() {
        return this != SESSION;
    }

    boolean hasSession() {
        return this != GLOBAL;
    }
}
