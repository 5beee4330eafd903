package io.jgr.server.config;

import java.io.IOException;

/** Where SET PERSIST and PERSIST_ONLY write (mysqld-auto.cnf in the datadir, see {@link PersistedVariables}). */
public interface PersistStore {
    /** Stores {@code value} (typed, may be null) for {@code def}; {@code user}/{@code host} are the setter. */
    void put(VarDef def, Object value, String user, String host) throws IOException;

    /** RESET PERSIST name: forgets a stored value; false if none was stored. */
    boolean remove(String name) throws IOException;
}
