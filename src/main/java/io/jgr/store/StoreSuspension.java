package io.jgr.store;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * Holds H2's stores of its file off while this thread works: the MVStore's store lock, taken, with its
 * "store in progress" flag set, so that another thread's store waits for the lock and this thread's own
 * are skipped. Both are private fields of H2 2.4.240 (pinned), found by reflection; on an H2 without them
 * {@link #works()} is false and {@link #hold()} holds nothing ({@code GroupCommitTest} and
 * {@code RollbackFenceTest} fail there).
 */
final class StoreSuspension {
    /** While it is open, no store of the file runs. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private static final Hold NOTHING = () -> { };
    private static final Map<MVStore, StoreSuspension> BY_STORE = new WeakHashMap<>();

    private final ReentrantLock storeLock;
    private final AtomicBoolean storeInProgress;

    private StoreSuspension(ReentrantLock storeLock, AtomicBoolean storeInProgress) {
        this.storeLock = storeLock;
        this.storeInProgress = storeInProgress;
    }

    static StoreSuspension of(MVStore store) {
        synchronized (BY_STORE) {
            return BY_STORE.computeIfAbsent(store, StoreSuspension::find);
        }
    }

    private static StoreSuspension find(MVStore store) {
        try {
            return new StoreSuspension((ReentrantLock) field(store, "storeLock"), (AtomicBoolean) field(store, "storeOperationInProgress"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new StoreSuspension(null, null);
        }
    }

    private static Object field(MVStore store, String name) throws ReflectiveOperationException {
        Field f = MVStore.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(store);
    }

    /** Whether {@link #hold()} really holds the stores off on this H2. */
    boolean works() {
        return storeLock != null;
    }

    /** Waits for a store in progress, then holds further stores off until the hold is closed. Reentrant. */
    Hold hold() {
        if (storeLock == null) {
            return NOTHING;
        }
        storeLock.lock();
        boolean flagged = storeInProgress.compareAndSet(false, true);
        return () -> {
            if (flagged) {
                storeInProgress.set(false);
            }
            storeLock.unlock();
        };
    }
}
