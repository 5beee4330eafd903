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
 * to the waiting session and waits until that session has committed, so that commits, GTIDs and
 * {@link #appliedThrough()} follow the group order. Lock conflicts with local transactions are
 * resolved by a short lock timeout, aborting the local holders, and retries bounded in time.
 */
final class Applier implements AutoCloseable {
    /** How long the applier waits for a row lock before it aborts local holders and retries. */
    static final int LOCK_TIMEOUT_MS = 250;
    /**
     * How long the applier keeps retrying a lock conflict. The holders it cannot abort are local sessions
     * already inside COMMIT, waiting for their verdict — at most {@link Replicator#VERDICT_WAIT_MS}, after
     * which they give up and release their locks. Giving up before that skipped a positive transaction on
     * this member (it diverged: seen after a restarted member's first commits waited a minute); a member
     * that stalls while a holder waits is the lesser evil.
     */
    static final long LOCK_RETRY_MS = Replicator.VERDICT_WAIT_MS + 30_000;
    /** How long a local session may take between its positive verdict and its commit. */
    static final long SESSION_COMMIT_WAIT_MS = 30_000;

    /** What the applier needs from the replicator. */
    interface Host {
        /** The session waiting for this local transaction's verdict, or null (remote, or abandoned). */
        PendingCommit takePending(GroupMessage.Certified t);

        /** A remote account change: make the accounts it names what it says. */
        void applyAccounts(GroupMessage.Accounts a) throws SQLException;

        void applied(long gtidNumber);

        void primaryChanged(java.util.UUID primary);

        /** A DDL passed: cached table metadata is stale. */
        void schemaChanged();

        /** Local transactions holding row locks the applier waits for: abort them (not those already committing). */
        int abortLocalConflicts(GroupMessage.Transaction t);
    }

    record Item(long index, GroupMessage message, byte[] payload, Certifier.Verdict verdict) {
    }

    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final H2Session session;
    private final Connection conn;
    private final RowApplier rows;
    private final Host host;
    private final ReplicationStats stats;
    private final Thread thread;
    private volatile boolean running = true;
    /** Distributed recovery: deliveries wait in the queue until the missing range is applied (joiner only). */
    private volatile boolean held;
    /** GTIDs up to this came from the donor: their deliveries change nothing here. */
    private volatile long recoveredThrough;
    private final java.util.concurrent.atomic.AtomicLong appliedThrough = new java.util.concurrent.atomic.AtomicLong();

    Applier(H2Session session, Host host, ReplicationStats stats, String name) throws SQLException {
        this.session = session;
        this.conn = session.connection();
        this.rows = new RowApplier(conn);
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

    /**
     * A local session committed the positive transaction at {@code index}, which the applier is
     * waiting on (so everything before it is applied): count it at once, so that the client's next
     * transaction takes a snapshot that includes it and does not conflict with its own previous one.
     */
    void committedLocally(long index) {
        appliedThrough.accumulateAndGet(index, Math::max);
    }

    /** A joiner, before it joins: keep what the group delivers queued until {@link #release}. */
    void hold() {
        held = true;
    }

    /** Recovery applied every GTID up to {@code through}: apply the queued deliveries after it, in order. */
    void release(long through) {
        recoveredThrough = through;
        held = false;
    }

    boolean held() {
        return held;
    }

    private void loop() {
        while (running) {
            if (held) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            Item item;
            try {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                continue;
            }
            try {
                process(item);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | SQLException e) {
                ErrorLog.groupReplication(LogLevel.ERROR, "MY-011452",
                        "The applier failed on the transaction at group index " + item.index() + ": " + e.getMessage());
            }
            appliedThrough.accumulateAndGet(item.index(), Math::max);
        }
    }

    private void process(Item item) throws InterruptedException, SQLException {
        if (item.verdict() != null && item.verdict().positive() && item.verdict().gtidNumber() <= recoveredThrough) {
            return; // the donor's copy of this transaction is applied already
        }
        if (item.message() instanceof GroupMessage.Certified c && item.verdict() != null && item.verdict().positive()) {
            PendingCommit local = host.takePending(c);
            if (local != null && local.decide(item.verdict(), item.index())) {
                if (local.awaitFinished(SESSION_COMMIT_WAIT_MS)) {
                    host.applied(item.verdict().gtidNumber());
                    return;
                }
                if (!(c instanceof GroupMessage.Transaction t) || t.isDdl()) {
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
            GroupMessage.Transaction t = (GroupMessage.Transaction) c;
            applyWithRetry(t, item);
            stats.remoteApplied.incrementAndGet();
            host.applied(item.verdict().gtidNumber());
        } else if (item.message() instanceof GroupMessage.Elect e) {
            host.primaryChanged(e.candidate());
        }
        // control messages and negative verdicts change nothing here
    }

    private void applyWithRetry(GroupMessage.Transaction t, Item item) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + LOCK_RETRY_MS * 1_000_000;
        for (int attempt = 1; ; attempt++) {
            try {
                if (t.isDdl()) {
                    applyDdl(t);
                } else {
                    rows.apply(t.rows());
                }
                TransactionLog.append(conn, item.verdict().gtidNumber(), item.index(), item.payload());
                conn.commit();
                return;
            } catch (SQLException e) {
                conn.rollback();
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

    /** DDL runs through the applier session (the engine's DDL path, capture suppressed); it commits on its own. */
    private void applyDdl(GroupMessage.Transaction t) throws SQLException {
        rows.forgetStatements();
        try {
            if (t.ddlSchema() != null) {
                session.useSchema(t.ddlSchema());
            }
            session.execute(t.ddl());
        } catch (SQLException e) {
            // the origin ran it successfully; a member that cannot is diverging: say so, keep the order
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011452",
                    "Error applying a replicated statement (" + e.getErrorCode() + "): " + e.getMessage());
        } finally {
            host.schemaChanged();
        }
    }

    private void writeLogOnly(Item item) throws SQLException {
        TransactionLog.append(conn, item.verdict().gtidNumber(), item.index(), item.payload());
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
