package io.jgr.recovery;

import io.jgr.store.pfs.VirtualTable;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What {@code performance_schema.replication_connection_status} and
 * {@code performance_schema.group_replication_recovery_progress} show for the recovery channel:
 * the connection's state and last error, and the transfer's progress. One instance per member,
 * updated by {@link RecoveryClient}; never holds a password.
 */
public final class RecoveryStatus {
    /** SERVICE_STATE values, as MySQL shows them. */
    public enum ServiceState { OFF, CONNECTING, ON }

    /** The transfer's state in the progress table. */
    public enum Phase { IDLE, CONNECTING, TRANSFERRING, DONE, ERROR }

    private final Clock clock;
    private String groupName = "";
    private ServiceState serviceState = ServiceState.OFF;
    private Phase phase = Phase.IDLE;
    private Donor donor;
    private String sourceUuid = "";
    private String receivedSet = "";
    private int lastErrorNumber;
    private String lastErrorMessage = "";
    private LocalDateTime lastErrorTimestamp;
    private String lastQueued = "";
    private LocalDateTime lastQueuedAt;
    private long lastQueuedNanos;
    private GtidRange receivedRange;
    private long transactionsDone;
    private long transactionsTotal;
    private long bytesDone;
    private long bytesTotal;
    private LocalDateTime started;
    private LocalDateTime updated;
    private int attempts;

    public RecoveryStatus() {
        this(Clock.systemUTC());
    }

    RecoveryStatus(Clock clock) {
        this.clock = clock;
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public synchronized void groupName(String name) {
        groupName = name == null ? "" : name;
    }

    synchronized void connecting(Donor d, int attempt) {
        donor = d;
        attempts = attempt;
        serviceState = ServiceState.CONNECTING;
        phase = Phase.CONNECTING;
        sourceUuid = d.memberId();
        if (started == null) {
            started = now();
        }
        updated = now();
    }

    synchronized void connected(long txTotal, long byteTotal) {
        serviceState = ServiceState.ON;
        phase = Phase.TRANSFERRING;
        transactionsTotal = txTotal;
        bytesTotal = byteTotal;
        transactionsDone = 0;
        bytesDone = 0;
        updated = now();
    }

    /** Per transaction, so cheap: texts and timestamps are made when the table is read. */
    synchronized void received(GtidRange range, String gtid, long bytes) {
        transactionsDone++;
        bytesDone += bytes;
        lastQueued = gtid;
        lastQueuedNanos = System.nanoTime();
        receivedRange = range;
    }

    private LocalDateTime lastQueuedAt() {
        if (lastQueuedNanos == 0) {
            return lastQueuedAt;
        }
        return now().minusNanos(System.nanoTime() - lastQueuedNanos);
    }

    private String receivedSet() {
        if (receivedRange == null || lastQueued.isEmpty()) {
            return receivedSet;
        }
        return receivedRange.uuid() + ":" + receivedRange.first() + "-" + DonorLogStatements.sequence(lastQueued);
    }

    synchronized void failed(int errorNumber, String message) {
        serviceState = ServiceState.OFF;
        lastErrorNumber = errorNumber;
        lastErrorMessage = message;
        lastErrorTimestamp = now();
        updated = lastErrorTimestamp;
    }

    synchronized void finished(boolean ok) {
        if (lastQueuedNanos != 0) {
            lastQueuedAt = lastQueuedAt();
            lastQueuedNanos = 0;
        }
        serviceState = ServiceState.OFF;
        phase = ok ? Phase.DONE : Phase.ERROR;
        updated = now();
    }

    public synchronized Progress progress() {
        return new Progress(phase, transactionsDone, transactionsTotal, bytesDone, bytesTotal);
    }

    public synchronized int lastErrorNumber() {
        return lastErrorNumber;
    }

    public synchronized String lastErrorMessage() {
        return lastErrorMessage;
    }

    /** Transactions and bytes done / total of the current or last transfer. */
    public record Progress(Phase phase, long transactionsDone, long transactionsTotal, long bytesDone, long bytesTotal) {
    }

    VirtualTable connectionStatusTable() {
        return VirtualTable.named("replication_connection_status").text("CHANNEL_NAME").text("GROUP_NAME")
                .text("SOURCE_UUID").integer("THREAD_ID").text("SERVICE_STATE").integer("COUNT_RECEIVED_HEARTBEATS")
                .timestamp("LAST_HEARTBEAT_TIMESTAMP").text("RECEIVED_TRANSACTION_SET").integer("LAST_ERROR_NUMBER")
                .text("LAST_ERROR_MESSAGE").timestamp("LAST_ERROR_TIMESTAMP").text("LAST_QUEUED_TRANSACTION")
                .timestamp("LAST_QUEUED_TRANSACTION_END_QUEUE_TIMESTAMP").text("QUEUEING_TRANSACTION")
                .rows(() -> {
                    synchronized (this) {
                        return List.<Object[]>of(new Object[] {RecoveryChannel.NAME, groupName, sourceUuid, null,
                                serviceState.name(), 0L, null, receivedSet(), (long) lastErrorNumber, lastErrorMessage,
                                lastErrorTimestamp, lastQueued, lastQueuedAt(), ""});
                    }
                });
    }

    VirtualTable progressTable() {
        return VirtualTable.named("group_replication_recovery_progress").text("CHANNEL_NAME").text("STATE")
                .text("DONOR_ID").text("DONOR_HOST").integer("DONOR_PORT").integer("CONNECTION_ATTEMPTS")
                .integer("TRANSACTIONS_DONE").integer("TRANSACTIONS_TOTAL").integer("BYTES_DONE")
                .integer("BYTES_TOTAL").timestamp("STARTED").timestamp("UPDATED")
                .rows(() -> {
                    synchronized (this) {
                        return List.<Object[]>of(new Object[] {RecoveryChannel.NAME, phase.name(),
                                donor == null ? "" : donor.memberId(), donor == null ? "" : donor.host(),
                                donor == null ? 0L : (long) donor.port(), (long) attempts, transactionsDone, transactionsTotal,
                                bytesDone, bytesTotal, started, lastQueuedNanos != 0 && phase == Phase.TRANSFERRING ? lastQueuedAt() : updated});
                    }
                });
    }
}
