package io.jgr.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Several H2 commits made durable by one store of the file.
 *
 * <p>With {@code WRITE_DELAY=0} every H2 commit stores the file before it returns. That store is most
 * of what a commit costs, and most of what a primary's applier spends: it commits the origin's own
 * transactions one at a time, in group order, so H2 never gets to share a store between them as it
 * does for concurrent committers. {@link #run} makes the commits inside it skip their stores and
 * then stores once. Whoever acknowledges those commits must do so after {@code run} returns; then an
 * acknowledged commit is in the file exactly as before, and a {@code kill -9} during the run loses
 * the whole run or nothing (one store writes them all), never a later commit without an earlier one.
 *
 * <p>H2 has no public switch for this: {@code run} holds the stores off ({@link StoreSuspension}). On
 * an H2 where that does not work, {@link #suspends()} is false and {@code run} simply runs the commits,
 * each with its own store. {@code GroupCommitTest} fails on such an H2.
 */
public final class GroupCommit {
    /** Commits to run on the caller's thread. */
    public interface Commits {
        void run() throws SQLException, InterruptedException;
    }

    private final MVStore store;
    private final StoreSuspension stores;

    private GroupCommit(MVStore store) {
        this.store = store;
        this.stores = StoreSuspension.of(store);
    }

    /** For the embedded database behind {@code connection}. */
    public static GroupCommit of(Connection connection) throws SQLException {
        return new GroupCommit(mvStore(connection));
    }

    static MVStore mvStore(Connection connection) throws SQLException {
        return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
    }

    /** Whether {@link #run} shares one store between its commits on this H2. */
    public boolean suspends() {
        return stores.works();
    }

    /**
     * Runs {@code commits} on this thread with the per-commit store suspended, then stores once (also
     * when they throw). Other threads' commits wait for the store lock meanwhile and are then stored
     * with them.
     */
    public void run(Commits commits) throws SQLException, InterruptedException {
        if (!stores.works()) {
            commits.run();
            return;
        }
        try (StoreSuspension.Hold held = stores.hold()) {
            commits.run();
        } finally {
            store.commit(); // after the hold is closed: try-with-resources closes it before this block
        }
    }
}
