package io.jgr.replication;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.store.H2Session;
import io.jgr.store.UnsavedChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Distributed recovery's apply path on a joiner (docs/recovery.md, "Applying what the donor sends"). The
 * thread reading the donor's stream hands each transaction to {@link #accept}, which writes its payload to
 * the log file; a thread of this class applies and indexes them behind it, so TLS, protocol decoding and the
 * log file's writes run beside H2 instead of before it. The queue between
 * them is bounded by bytes ({@link #QUEUE_BYTES}): a fast donor cannot fill the joiner's heap.
 *
 * <p>Group commit: the applying thread takes whatever is queued and applies it as ONE H2 transaction — the
 * rows, every transaction's log index row (one JDBC batch) — then commits and moves {@code gtid_executed}, at most
 * {@link #MAX_BATCH_TRANSACTIONS} transactions or about {@link #MAX_BATCH_BYTES} per commit, and before H2's
 * unsaved pages reach the point where MVStore stores them on its own ({@link UnsavedChanges}): stored there,
 * uncommitted, every row would be written to the file a second time after its commit. A kill -9 keeps
 * whole batches only, each with its log rows, so the member restarts on a consistent prefix of the range
 * (its own log's last GTID is where the next recovery starts). DDL and account changes commit on their own
 * (H2 commits DDL implicitly): the open batch is committed before them.
 *
 * <p>The live applier is held meanwhile ({@link Replicator#holdForRecovery}); this class has an applier
 * session of its own. Any failure rolls the open batch back, stops the thread and is reported to the reader
 * ({@link #accept}) and to {@link #finish}; what was committed before stays.
 */
public final class RecoveryApplier implements AutoCloseable {
    /** At most this many transactions per H2 commit. */
    static final int MAX_BATCH_TRANSACTIONS = 1000;
    /** A batch is committed once its payloads pass this many bytes. */
    static final long MAX_BATCH_BYTES = 16L << 20;
    /**
     * Payload bytes received but not yet committed, at most (the reader waits for room). As large as a batch
     * and no larger: every queued payload is live heap that each young collection copies (48 MiB before
     * session 11 made no transfer faster, the applying thread being the slower side).
     */
    static final int QUEUE_BYTES = 16 << 20;
    /** How long {@link #close} waits for the thread to stop (it checks for close between transactions). */
    private static final long CLOSE_WAIT_MS = 30_000;

    /** A transaction handed over, its payload already in the log file at {@code filePos}. */
    private record Item(long gtid, byte[] payload, long filePos) {
    }

    private static final Item END = new Item(-1, new byte[0], -1);

    private final H2Session session;
    private final Connection conn;
    private final RowApplier rows;
    private final Applier.Host host;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(QUEUE_BYTES);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private TransactionLog.Appender logAppend;
    private UnsavedChanges unsaved;
    /** The reader's side: the last GTID number handed over (a retry with another donor skips up to it). */
    private long accepted;
    private volatile boolean closing;
    private volatile SQLException failure;
    private volatile long committedThrough;
    private volatile long commits;

    RecoveryApplier(H2Session session, Applier.Host host, long have, String name) {
        this.session = session;
        this.conn = session.connection();
        this.rows = new RowApplier(conn, true);
        this.host = host;
        this.accepted = have;
        this.committedThrough = have;
        host.bulkWrites(true); // a bulk of payloads and rows: past the page cache (docs/transaction-log.md)
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues the transaction {@code gtidNumber} (in GTID order) for applying; one at or below what was
     * accepted already is skipped (false). Waits, bounded by the applying thread's progress, while the queue
     * is full. Throws the applying thread's failure.
     */
    public boolean accept(long gtidNumber, byte[] payload) throws SQLException, InterruptedException {
        checkFailure();
        if (gtidNumber <= accepted) {
            return false;
        }
        int size = permits(payload);
        while (!room.tryAcquire(size, 100, TimeUnit.MILLISECONDS)) {
            checkFailure();
            if (closing || !thread.isAlive()) {
                throw new SQLException("the recovery applier stopped");
            }
        }
        // the payload goes to the log file here, on the reader's thread, which has time to spare while the
        // applying thread is the joiner's bottleneck; the batch's commit indexes it (docs/recovery.md)
        long filePos;
        try {
            filePos = host.transactionLog().write(gtidNumber, payload);
        } catch (SQLException e) {
            room.release(size);
            throw e;
        }
        queue.add(new Item(gtidNumber, payload, filePos));
        accepted = gtidNumber;
        return true;
    }

    /** Everything accepted is applied and committed when this returns; else it throws the failure. */
    public void finish() throws SQLException, InterruptedException {
        checkFailure();
        queue.add(END);
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!thread.isAlive()) {
                break;
            }
        }
        checkFailure();
        if (committedThrough != accepted) {
            throw new SQLException("the recovery applier stopped at GTID number " + committedThrough + " of " + accepted);
        }
    }

    /** The last GTID number committed here (data, log row and gtid_executed together). */
    public long committedThrough() {
        return committedThrough;
    }

    /** H2 commits so far (the transactions of a batch share one). */
    public long commits() {
        return commits;
    }

    private void checkFailure() throws SQLException {
        SQLException f = failure;
        if (f != null) {
            throw f;
        }
    }

    // ------------------------------------------------------------------ the applying thread

    private void run() {
        long batchLast = 0;
        int batchTransactions = 0;
        long batchBytes = 0;
        long current = 0;
        try {
            logAppend = host.transactionLog().appender(conn);
            unsaved = UnsavedChanges.of(conn);
            while (!closing) {
                // block only when nothing is open: an empty queue with an open batch means commit now
                Item item = batchTransactions == 0 ? queue.poll(100, TimeUnit.MILLISECONDS) : queue.poll();
                if (item == null || item == END) {
                    if (batchTransactions > 0) {
                        commitBatch(batchLast, batchBytes);
                        batchTransactions = 0;
                        batchBytes = 0;
                    }
                    if (item == END) {
                        return;
                    }
                    continue;
                }
                current = item.gtid();
                GroupMessage m = MessageCodec.decode(item.payload());
                if (m instanceof GroupMessage.Transaction t && !t.isDdl()) {
                    rows.apply(t.rows());
                    logAppend.addWritten(item.gtid(), 0, item.filePos(), item.payload().length); // no group index: the donor's is not carried
                    batchLast = item.gtid();
                    batchTransactions++;
                    batchBytes += permits(item.payload());
                    if (batchTransactions >= MAX_BATCH_TRANSACTIONS || batchBytes >= MAX_BATCH_BYTES
                            || unsaved.halfWayToAutoStore()) {
                        commitBatch(batchLast, batchBytes);
                        batchTransactions = 0;
                        batchBytes = 0;
                    }
                    continue;
                }
                if (batchTransactions > 0) {
                    commitBatch(batchLast, batchBytes);
                    batchTransactions = 0;
                    batchBytes = 0;
                }
                applyAlone(m, item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new SQLException("the recovery applier was interrupted");
        } catch (SQLException | RuntimeException e) {
            failure = new SQLException("transaction " + current + ": " + e.getMessage(), e);
            try {
                io.jgr.store.RollbackFence.rollback(conn);
            } catch (SQLException ignored) {
                // the failure above is what matters
            }
        } finally {
            stopped.countDown();
        }
    }

    private void commitBatch(long last, long bytes) throws SQLException {
        logAppend.flush();
        conn.commit();
        commits++;
        committedThrough = last;
        host.applied(last);
        room.release((int) bytes);
    }

    /** The queue room a payload takes (one larger than the whole queue takes all of it). */
    private static int permits(byte[] payload) {
        return Math.min(payload.length, QUEUE_BYTES);
    }

    /** A DDL statement or an account change: committed on its own, with its log row. */
    private void applyAlone(GroupMessage m, Item item) throws SQLException {
        if (m instanceof GroupMessage.Accounts a) {
            host.applyAccounts(a); // the account store writes through its own connection
        } else if (m instanceof GroupMessage.Transaction t) {
            applyDdl(t);
        } else {
            throw new SQLException("not a transaction: GTID number " + item.gtid());
        }
        host.transactionLog().appendWritten(conn, item.gtid(), 0, item.filePos(), item.payload().length);
        conn.commit();
        commits++;
        committedThrough = item.gtid();
        host.applied(item.gtid());
        room.release(permits(item.payload()));
    }

    /** As the live applier: the engine's DDL path (it commits on its own); a statement that fails here is logged. */
    private void applyDdl(GroupMessage.Transaction t) throws SQLException {
        Applier.applyDdl(session, rows, host, t);
    }

    /** Stops the thread (between transactions) and closes the session; an open batch is rolled back. */
    @Override
    public void close() {
        closing = true;
        host.bulkWrites(false); // the reader that wrote the payloads is done
        try {
            if (!stopped.await(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                ErrorLog.groupReplication(LogLevel.WARNING, "MY-011452", "The recovery applier did not stop within "
                        + CLOSE_WAIT_MS + " ms");
                return; // its session stays open rather than being closed under it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            io.jgr.store.RollbackFence.rollback(conn);
        } catch (SQLException ignored) {
            // nothing open
        }
        if (logAppend != null) {
            try {
                logAppend.close();
            } catch (SQLException ignored) {
                // the session closes it anyway
            }
        }
        rows.forgetStatements();
        session.close();
    }
}
