package io.jgr.store;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>H2 has no public switch for this. A store runs under the MVStore's store lock and is skipped
 * while its "store in progress" flag is set by the thread that holds the lock. {@code run} holds the
 * lock and sets the flag. Both are private fields of H2 2.4.240 (pinned). If they are not found,
 * {@link #suspends()} is false and {@code run} simply runs the commits, each with its own store.
 * {@code GroupCommitTest} fails on an H2 where that happens.
 */
public final class GroupCommit {
    /** Commits to run on the caller's thread. */
    public interface Commits {
        void run() throws SQLException, InterruptedException;
    }

    private final MVStore store;
    private final ReentrantLock storeLock;
    private final AtomicBoolean storeInProgress;

    private GroupCommit(MVStore store, ReentrantLock storeLock, AtomicBoolean storeInProgress) {
        this.store = store;
        this.storeLock = storeLock;
        this.storeInProgress = storeInProgress;
    }

    /** For the embedded database behind {@code connection}. */
    public static GroupCommit of(Connection connection) throws SQLException {
        MVStore store = mvStore(connection);
        try {
            return new GroupCommit(store, (ReentrantLock) field(store, "storeLock"),
                    (AtomicBoolean) field(store, "storeOperationInProgress"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new GroupCommit(store, null, null);
        }
    }

    static MVStore mvStore(Connection connection) throws SQLException {
        return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
    }

    private static Object field(MVStore store, String name) throws ReflectiveOperationException {
        Field f = MVStore.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(store);
    }

    /** Whether {@link #run} shares one store between its commits on this H2. */
    public boolean suspends() {
        return storeLock != null;
    }

    /**
     * Runs {@code commits} on this thread with the per-commit store suspended, then stores once (also
     * when they throw). Other threads' commits wait for the store lock meanwhile and are then stored
     * with them.
     */
    public void run(Commits commits) throws SQLException, InterruptedException {
        if (storeLock == null) {
            commits.run();
            return;
        }
        storeLock.lock();
        boolean suspended = storeInProgress.compareAndSet(false, true);
        try {
            commits.run();
        } finally {
            if (suspended) {
                storeInProgress.set(false);
            }
            storeLock.unlock();
            store.commit();
        }
    }
}
