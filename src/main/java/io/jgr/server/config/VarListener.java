package io.jgr.server.config;

/** Told after a global value changed (SET GLOBAL / SET PERSIST), e.g. to apply a new allowlist live. */
@FunctionalInterface
public interface VarListener {
    void changed(VarDef def, Object oldValue, Object newValue);
}
