package io.jgr.replication;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.store.H2Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that brings delivered, certified work into this member's data, strictly in group
 * order: remote transactions (row images by primary key, or a DDL statement) together with their
 * transaction-log row in one H2 transaction; for a local positive transaction it hands the verdict
 * to the waiting session and commits it there, on the session's connection, before going on, so that
 * commits, GTIDs and {@link #appliedThrough()} follow the group order. Lock conflicts with local
 * transactions are resolved by a short lock timeout, aborting the local holders, and retries bounded
 * in time.
 *
 * <p>Group commit: a run of consecutive remote row transactions already in the queue (at most
 * {@link #MAX_BATCH}) is applied with all their log rows in ONE H2 transaction and one commit. It is
 * atomic (a kill loses the whole run or nothing, and a member acknowledges nothing for remote
 * transactions), and {@link #appliedThrough()} moves past the run only after its commit. Its rows are
 * applied as their net effect ({@link RowApplier#applyNetEffect}: one statement per row key). Any failure
 * rolls the run back and applies it again one transaction at a time (with the lock-conflict retries).
 */
final class Applier implements AutoCloseable {
    /**
     * The applier hardly waits for a row lock inside H2 (1 ms; H2 reads 0 as its default): a locked row
     * fails the attempt, the applier aborts the local holders it may abort and retries. Waiting inside H2
     * would hold {@link io.jgr.store.RollbackGate#forApply()} while the holder's rollback needs the gate
     * (a row released by a rollback must not be written before that rollback has returned).
     */
    static final int LOCK_TIMEOUT_MS = 1;
    /**
     * How long the applier keeps retrying a lock conflict. The holders it cannot abort are local sessions
     * already inside COMMIT, waiting for their verdict — at most {@link Replicator#VERDICT_WAIT_MS}, after
     * which they give up and release their locks. Giving up before that skipped a positive transaction on
     * this member (it diverged: seen after a restarted member's first commits waited a minute); a member
     * that stalls while a holder waits is the lesser evil.
     */
    static final long LOCK_RETRY_MS = Replicator.VERDICT_WAIT_MS + 30_000;
    /** At most this many remote transactions per group commit. */
    static final int MAX_BATCH = 256;
    /**
     * A run stops adding transactions past this much payload: its rows and log rows, about three times
     * that in H2's page estimates, stay under the point where MVStore stores an open transaction's pages
     * on its own and writes them all again after the commit (see {@link RecoveryApplier}).
     */
    static final long MAX_BATCH_BYTES = 2L << 20;

    /** What the applier needs from the replicator. */
    interface Host {
        /** The session waiting for this local transaction's verdict, or null (remote, or abandoned). */
        PendingCommit takePending(GroupMessage.Certified t);

        /** This member originated it (a waiting session may commit it: never part of a remote batch). */
        boolean isOwn(GroupMessage.Certified t);

        /** A remote account change: make the accounts it names what it says. */
        void applyAccounts(GroupMessage.Accounts a) throws SQLException;

        void applied(long gtidNumber);

        void primaryChanged(java.util.UUID primary);

        /** A mode switch, applied after everything the group ordered before it. */
        void modeChanged(GroupMessage.ModeSwitch s);

        /** A DDL passed: cached table metadata is stale. */
        void schemaChanged();

        /** Local transactions holding row locks the applier waits for: abort them (not those already committing). */
        int abortLocalConflicts(GroupMessage.Transaction t);

        /**
         * The applier stopped on {@code item}, which it could not apply or store ({@code cause}): this member
         * must not go on without it (MySQL's applier channel error: the member leaves the group).
         */
        void applierFailed(Item item, Exception cause);

        /** Where every applied or committed transaction is logged, in its H2 transaction. */
        TransactionLog transactionLog();

        /**
         * A bulk load (distributed recovery) begins ({@code true}) or ends: the transaction log's and the
         * database's file writes bypass the page cache meanwhile, where the file system allows it
         * (docs/transaction-log.md, "Direct writes").
         */
        void bulkWrites(boolean on);
    }

    record Item(long index, GroupMessage message, byte[] payload, Certifier.Verdict verdict) {
        int payloadLength() {
            return payload == null ? 0 : payload.length;
        }
    }

    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final H2Session session;
    private final Connection conn;
    private final io.jgr.store.GroupCommit groupCommit;
    /** Held around each attempt to write rows: no session's rollback runs meanwhile. */
    private final java.util.concurrent.locks.Lock applying;
    private final RowApplier rows;
    private final Host host;
    private final ReplicationStats stats;
    private final Thread thread;
    private volatile boolean running = true;
    /** Distributed recovery: deliveries wait in the queue until the missing range is applied (joiner only). */
    private volatile boolean held;
    /**
     * GTIDs up to this are here already — in this member's transaction log when the pipeline started, or
     * fetched from a donor: their deliveries change nothing (MySQL skips a transaction whose GTID is in
     * gtid_executed). A member started again replays the group's log from its start.
     */
    private volatile long recoveredThrough;
    private final java.util.concurrent.atomic.AtomicLong appliedThrough = new java.util.concurrent.atomic.AtomicLong();

    Applier(H2Session session, io.jgr.store.RollbackGate gate, Host host, ReplicationStats stats, String name) throws SQLException {
        this.session = session;
        this.applying = gate.forApply();
        this.conn = session.connection();
        this.rows = new RowApplier(conn);
        this.groupCommit = io.jgr.store.GroupCommit.of(conn);
        this.host = host;
        this.stats = stats;
        try (Statement s = conn.createStatement()) {
            s.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MS);
        }
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    void enqueue(Item item) {
        queue.add(item);
    }

    int queueSize() {
        return queue.size();
    }

    /** Every delivered message up to this group index has taken effect here. */
    long appliedThrough() {
        return appliedThrough.get();
    }

    /** A joiner, before it joins: keep what the group delivers queued until {@link #release}. */
    void hold() {
        held = true;
    }

    /** Recovery applied every GTID up to {@code through}: apply the queued deliveries after it, in order. */
    void release(long through) {
        skipThrough(through);
        held = false;
    }

    /** Every GTID up to {@code through} is here already (see {@link #recoveredThrough}). */
    void skipThrough(long through) {
        recoveredThrough = Math.max(recoveredThrough, through);
    }

    boolean held() {
        return held;
    }

    private void loop() {
        Item carried = null; // taken while the applier was being held: the first after the release
        while (running) {
            if (held) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            Item item = carried;
            carried = null;
            try {
                if (item == null) {
                    item = queue.poll(200, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                continue;
            }
            if (held) { // held while this poll waited: it stays unapplied until the release, as the queue's rest
                carried = item;
                continue;
            }
            if (isBatchable(item)) {
                java.util.List<Item> run = takeRun(item, this::isBatchable);
                if (applyRun(run)) {
                    continue;
                }
                for (Item one : run) { // the run failed as a whole: one transaction at a time
                    if (!processAndAdvance(one)) {
                        return;
                    }
                }
            } else if (isLocalRowCommit(item)) {
                if (!commitLocalRun(takeRun(item, this::isLocalRowCommit))) {
                    return;
                }
            } else if (!processAndAdvance(item)) {
                return;
            }
        }
    }

    /**
     * {@code first}, then the items queued right behind it that are of its kind ({@code kind}) or inert,
     * up to {@link #MAX_BATCH} items or {@link #MAX_BATCH_BYTES} of payload.
     */
    private java.util.List<Item> takeRun(Item first, java.util.function.Predicate<Item> kind) {
        java.util.List<Item> run = new java.util.ArrayList<>();
        run.add(first);
        long bytes = first.payloadLength();
        for (Item next = queue.peek(); next != null && run.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES
                && (kind.test(next) || isInert(next)); next = queue.peek()) {
            run.add(queue.poll()); // the only consumer: poll() returns what peek() saw
            bytes += next.payloadLength();
        }
        return run;
    }

    /** The origin's own positive row transaction: its session may be parked at COMMIT. */
    private boolean isLocalRowCommit(Item item) {
        return isRowCommit(item) && host.isOwn((GroupMessage.Certified) item.message());
    }

    /**
     * This member's own transactions, delivered back to back (with inert items between them): each is
     * committed on its parked session's connection, in group order as before, but the commits share
     * one store of the file ({@link io.jgr.store.GroupCommit}), and the sessions are woken only after
     * it. An item whose session is gone or whose commit fails ends the shared part; it and the rest of
     * the run go the one-at-a-time way. False if interrupted or stopped on an error (a failed store
     * included: no session of the run is told it committed).
     */
    private boolean commitLocalRun(java.util.List<Item> run) {
        java.util.List<PendingCommit> committed = new java.util.ArrayList<>();
        long[] lastGtid = {0};
        int[] next = {0};
        SQLException storeFailure = null;
        try {
            groupCommit.run(() -> {
                for (; next[0] < run.size(); next[0]++) {
                    Item item = run.get(next[0]);
                    if (!isLocalRowCommit(item)) { // inert: a negative verdict or a control message
                        appliedThrough.accumulateAndGet(item.index(), Math::max);
                        continue;
                    }
                    PendingCommit local = host.takePending((GroupMessage.Certified) item.message());
                    if (local == null || local.commitWithoutWaking(item.verdict(), item.index(),
                            sessionConn -> commitOnItsConnection(item, sessionConn)) != PendingCommit.Outcome.COMMITTED) {
                        return; // abandoned or failed (rolled back): it and the rest one at a time, below
                    }
                    committed.add(local);
                    lastGtid[0] = item.verdict().gtidNumber();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            storeFailure = new SQLException("interrupted before the store of the commit");
        } catch (SQLException e) {
            storeFailure = e;
        } catch (RuntimeException e) {
            storeFailure = new SQLException(e.getMessage(), e);
        }
        if (storeFailure != null) {
            // committed in H2 but maybe not in the file: no session is told it committed, and the applier stops
            for (PendingCommit p : committed) {
                p.failAfterCommit(storeFailure);
            }
        } else if (lastGtid[0] > 0) {
            host.applied(lastGtid[0]);
        }
        if (StageTimers.ON) {
            StageTimers.INSTANCE.add(StageTimers.Stage.LOCAL_RUN_SIZE, committed.size());
        }
        committed.forEach(PendingCommit::wake);
        if (Thread.currentThread().isInterrupted()) {
            return false; // closing, not failing
        }
        if (storeFailure != null) {
            stopOnError(run.get(Math.min(next[0], run.size() - 1)), storeFailure);
            return false;
        }
        for (int i = next[0]; i < run.size(); i++) {
            if (!processAndAdvance(run.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The origin's own transaction, on its session's connection: its log row and commit. appliedThrough
     * moves before the commit releases the row locks: everything before this index is applied, and a
     * local session that waited for these locks must take a snapshot that includes this transaction
     * (or it would conflict with it: 3101 on a single primary).
     */
    private void commitOnItsConnection(Item item, Connection sessionConn) throws SQLException {
        host.transactionLog().append(sessionConn, item.verdict().gtidNumber(), item.index(), item.payload());
        appliedThrough.accumulateAndGet(item.index(), Math::max);
        sessionConn.commit();
    }

    /**
     * Processes one item and moves {@link #appliedThrough} past it. False if interrupted, or if the item
     * failed: then the applier stops there, as MySQL's does, instead of going on without it.
     */
    private boolean processAndAdvance(Item item) {
        try {
            process(item);
        } catch (InterruptedException e) {
            return false;
        } catch (RuntimeException | SQLException e) {
            stopOnError(item, e);
            return false;
        }
        appliedThrough.accumulateAndGet(item.index(), Math::max);
        return true;
    }

    private void stopOnError(Item item, Exception cause) {
        running = false;
        host.applierFailed(item, cause);
    }

    /** A remote positive row transaction: may share one H2 commit with its neighbours. */
    private boolean isBatchable(Item item) {
        return isRowCommit(item) && !host.isOwn((GroupMessage.Certified) item.message());
    }

    /** A positive row transaction (not DDL) that recovery has not already applied. */
    private boolean isRowCommit(Item item) {
        return item.message() instanceof GroupMessage.Transaction t && !t.isDdl()
                && item.verdict() != null && item.verdict().positive()
                && item.verdict().gtidNumber() > recoveredThrough;
    }

    /** Changes nothing here (negative verdicts, control messages): may sit inside a run. */
    private static boolean isInert(Item item) {
        return !(item.message() instanceof GroupMessage.Elect)
                && !(item.message() instanceof GroupMessage.Certified && item.verdict() != null && item.verdict().positive());
    }

    /**
     * Applies a run of remote transactions and their log rows in one H2 transaction. True if it
     * committed; false if it was rolled back (the caller applies the run one by one).
     */
    private boolean applyRun(java.util.List<Item> run) {
        if (held) {
            return false;
        }
        long lastGtid = 0;
        int applied = 0;
        long startedAt = StageTimers.ON ? System.nanoTime() : 0;
        applying.lock();
        try {
            java.util.List<io.jgr.store.capture.RowChange> changes = new java.util.ArrayList<>();
            for (Item i : run) {
                if (isBatchable(i)) {
                    changes.addAll(((GroupMessage.Transaction) i.message()).rows());
                    host.transactionLog().append(conn, i.verdict().gtidNumber(), i.index(), i.payload());
                    lastGtid = i.verdict().gtidNumber();
                    applied++;
                }
            }
            // a failure (e.g. a unique key on the way) → in order, one by one; H2's statement rollback fenced
            io.jgr.store.RollbackFence.armed(conn, () -> {
                rows.applyNetEffect(changes);
                return null;
            });
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                io.jgr.store.RollbackFence.rollback(conn);
            } catch (SQLException ignored) {
                // the one-by-one path that follows rolls back after each attempt that fails
            }
            return false;
        } finally {
            applying.unlock();
        }
        stats.remoteApplied.addAndGet(applied);
        if (StageTimers.ON) {
            StageTimers.INSTANCE.add(StageTimers.Stage.REMOTE_RUN_SIZE, applied);
            StageTimers.INSTANCE.add(StageTimers.Stage.REMOTE_RUN_COMMIT, System.nanoTime() - startedAt);
        }
        host.applied(lastGtid);
        appliedThrough.accumulateAndGet(run.get(run.size() - 1).index(), Math::max);
        return true;
    }

    private void process(Item item) throws InterruptedException, SQLException {
        if (item.verdict() != null && item.verdict().positive() && item.verdict().gtidNumber() <= recoveredThrough) {
            return; // the donor's copy of this transaction is applied already
        }
        if (item.message() instanceof GroupMessage.Certified c && item.verdict() != null && item.verdict().positive()) {
            PendingCommit local = host.takePending(c);
            if (local != null) {
                // the origin's own session is parked at COMMIT: its log row and commit happen here, in group order
                PendingCommit.Outcome outcome = local.commitOnBehalf(item.verdict(), item.index(),
                        sessionConn -> commitOnItsConnection(item, sessionConn));
                if (outcome == PendingCommit.Outcome.COMMITTED) {
                    host.applied(item.verdict().gtidNumber());
                    return;
                }
                if (outcome == PendingCommit.Outcome.FAILED && (!(c instanceof GroupMessage.Transaction t) || t.isDdl())) {
                    writeLogOnly(item); // the statement ran at the origin already; only its log row is missing
                    return;
                }
            }
            if (c instanceof GroupMessage.Accounts a) {
                host.applyAccounts(a); // the account store writes through its own connection
                writeLogOnly(item);
                stats.remoteApplied.incrementAndGet();
                return;
            }
            applyFromPayload(item);
        } else if (item.message() instanceof GroupMessage.Elect e) {
            host.primaryChanged(e.candidate());
        } else if (item.message() instanceof GroupMessage.ModeSwitch s) {
            host.modeChanged(s);
        }
        // control messages and negative verdicts change nothing here
    }

    /** A positive row transaction or DDL applied from its payload on the applier's own session. */
    private void applyFromPayload(Item item) throws InterruptedException, SQLException {
        applyWithRetry((GroupMessage.Transaction) item.message(), item);
        stats.remoteApplied.incrementAndGet();
        host.applied(item.verdict().gtidNumber());
    }

    private void applyWithRetry(GroupMessage.Transaction t, Item item) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + LOCK_RETRY_MS * 1_000_000;
        for (int attempt = 1; ; attempt++) {
            try {
                applyOnce(t, item);
                return;
            } catch (SQLException e) {
                if (!isLockConflict(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                if (attempt == 20) {
                    ErrorLog.groupReplication(LogLevel.WARNING, "MY-011452", "The applier is waiting for row locks held by local "
                            + "transactions for the transaction at group index " + item.index() + " (GTID "
                            + item.verdict().gtidNumber() + "): " + e.getMessage());
                }
                int aborted = host.abortLocalConflicts(t);
                stats.localAborted.addAndGet(aborted);
                Thread.sleep(Math.min(200, 5L * attempt));
            }
        }
    }

    /** One attempt: the transaction and its log row, committed, or rolled back if it fails. */
    private void applyOnce(GroupMessage.Transaction t, Item item) throws SQLException {
        applying.lock();
        try {
            if (t.isDdl()) {
                applyDdl(t);
            } else {
                io.jgr.store.RollbackFence.armed(conn, () -> {
                    rows.apply(t.rows());
                    return null;
                });
            }
            host.transactionLog().append(conn, item.verdict().gtidNumber(), item.index(), item.payload());
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            io.jgr.store.RollbackFence.rollback(conn);
            throw e;
        } finally {
            applying.unlock();
        }
    }

    /** DDL runs through the applier session (the engine's DDL path, capture suppressed); it commits on its own. */
    private void applyDdl(GroupMessage.Transaction t) throws SQLException {
        applyDdl(session, rows, host, t);
    }

    /** The one way a replicated DDL statement is applied, live or during recovery. */
    static void applyDdl(io.jgr.store.H2Session session, RowApplier rows, Host host, GroupMessage.Transaction t)
            throws SQLException {
        rows.forgetStatements();
        try {
            if (t.ddlSchema() != null) {
                session.useSchema(t.ddlSchema());
            }
            session.execute(t.ddl()); // the origin ran it: a member that cannot would diverge, the caller stops
        } finally {
            host.schemaChanged();
        }
    }

    private void writeLogOnly(Item item) throws SQLException {
        host.transactionLog().append(conn, item.verdict().gtidNumber(), item.index(), item.payload());
        conn.commit();
        host.applied(item.verdict().gtidNumber());
    }

    static boolean isLockConflict(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && (s.getErrorCode() == 50200 || s.getErrorCode() == 40001
                    || "HYT00".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }
}
