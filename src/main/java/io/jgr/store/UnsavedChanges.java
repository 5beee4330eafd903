package io.jgr.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.mvstore.MVStore;

/**
 * How close the embedded database is to storing changes on its own. MVStore writes its dirty pages
 * once they pass its auto-commit memory, also mid-transaction; a row written there uncommitted is
 * written again after its commit, so a bulk writer that commits before that point writes each row
 * once (docs/sql-engine.md, "Durability and file space").
 */
public final class UnsavedChanges {
    private final MVStore store;

    private UnsavedChanges(MVStore store) {
        this.store = store;
    }

    /** For the embedded database behind {@code connection}. */
    public static UnsavedChanges of(Connection connection) throws SQLException {
        return new UnsavedChanges(GroupCommit.mvStore(connection));
    }

    /** True once the unsaved pages fill half of what triggers a store of its own. */
    public boolean halfWayToAutoStore() {
        int limit = store.getAutoCommitMemory();
        return limit > 0 && store.getUnsavedMemory() > limit / 2;
    }
}
