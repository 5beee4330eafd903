package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;

class RetainingLogTest {
    private long needed = Long.MAX_VALUE;

    private RetainingLog log(long retentionBytes) {
        return new RetainingLog(() -> needed, retentionBytes);
    }

    /** An entry of {@code size} bytes whose first byte names its index (to check it is found where it belongs). */
    private static LogEntry entry(long term, long index, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) index;
        return new LogEntry(term, b);
    }

    private static LogEntries entries(long term, long from, int count, int size) {
        LogEntries es = new LogEntries();
        for (long i = from; i < from + count; i++) {
            es.add(entry(term, i, size));
        }
        return es;
    }

    private static void assertHolds(Log log, long from, long to) {
        for (long i = from; i <= to; i++) {
            assertThat(log.get(i)).as("entry %d", i).isNotNull();
            assertThat(log.get(i).command()[0]).as("entry %d", i).isEqualTo((byte) i);
        }
    }

    @Test
    void entriesAreFoundByTheirIndexAcrossGrowth() {
        RetainingLog log = log(Long.MAX_VALUE);
        for (long i = 1; i <= 5000; i += 100) {
            assertThat(log.append(i, entries(1, i, 100, 10))).isEqualTo(i + 99);
        }
        assertHolds(log, 1, 5000);
        assertThat(log.get(0)).isNull();
        assertThat(log.get(5001)).isNull();
        assertThat(log.sizeInBytes()).isEqualTo(50_000);
        assertThat(log.currentTerm()).isEqualTo(1);
    }

    @Test
    void afterASnapshotTheLogContinuesAtTheSnapshotIndex() {
        RetainingLog log = log(Long.MAX_VALUE);
        log.append(1, entries(1, 1, 10, 10));
        log.reinitializeTo(40_000, new LogEntry(3, null));
        assertThat(log.firstAppended()).isEqualTo(40_000);
        assertThat(log.lastAppended()).isEqualTo(40_000);
        assertThat(log.commitIndex()).isEqualTo(40_000);
        assertThat(log.get(40_000).term()).isEqualTo(3); // RAFT compares the next append's previous term with it
        assertThat(log.get(10)).isNull();

        log.append(40_001, entries(3, 40_001, 3000, 10));
        assertHolds(log, 40_001, 43_000);
        log.commitIndex(42_000);
        log.truncate(42_000);
        assertThat(log.firstAppended()).isEqualTo(42_000);
        assertHolds(log, 42_000, 43_000);
    }

    /** Why RetainingLog exists: if this starts failing, jgroups-raft fixed its InMemoryLog. */
    @Test
    void jgroupsRaftInMemoryLogLosesTheIndexAfterASnapshot() throws Exception {
        InMemoryLog log = new InMemoryLog();
        String name = "retaining-log-test-" + UUID.randomUUID();
        log.init(name, Map.of());
        try {
            log.reinitializeTo(40_000, new LogEntry(3, null));
            log.append(40_001, entries(3, 40_001, 2, 10));
            assertThat(log.lastAppended()).isEqualTo(40_002);
            assertThatThrownBy(() -> log.get(40_001)).hasMessageContaining("index cannot be greater then");
        } finally {
            log.delete();
            InMemoryLog.logs.remove(name);
        }
    }

    @Test
    void truncationKeepsWhatTheSlowestFollowerNeeds() {
        RetainingLog log = log(Long.MAX_VALUE);
        log.append(1, entries(1, 1, 100, 10));
        log.commitIndex(100);
        needed = 40;
        log.truncate(100);
        assertThat(log.firstAppended()).isEqualTo(40);
        assertThat(log.get(39)).isNull();
        assertHolds(log, 40, 100);

        needed = Long.MAX_VALUE; // nobody behind: up to the commit index, as RAFT asks
        log.truncate(100);
        assertThat(log.firstAppended()).isEqualTo(100);
        assertHolds(log, 100, 100);
        assertThat(log.sizeInBytes()).isEqualTo(10);
    }

    @Test
    void truncationNeverPassesTheCommitIndex() {
        RetainingLog log = log(0);
        log.append(1, entries(1, 1, 100, 10));
        log.commitIndex(60);
        log.truncate(100);
        assertThat(log.firstAppended()).isEqualTo(60);
        assertHolds(log, 60, 100);
    }

    @Test
    void pastTheByteBudgetTheOldestEntriesGoAnyway() {
        RetainingLog log = log(200);
        log.append(1, entries(1, 1, 100, 10));
        log.commitIndex(100);
        needed = 1;
        log.truncate(100);
        assertThat(log.firstAppended()).isEqualTo(81);
        assertThat(log.sizeInBytes()).isEqualTo(200);
        assertHolds(log, 81, 100);
    }

    @Test
    void aConflictingTailIsReplaced() {
        RetainingLog log = log(Long.MAX_VALUE);
        log.append(1, entries(1, 1, 10, 10));
        log.commitIndex(5);
        log.deleteAllEntriesStartingFrom(8);
        assertThat(log.lastAppended()).isEqualTo(7);
        assertThat(log.get(8)).isNull();
        log.append(8, entries(2, 8, 5, 10));
        assertThat(log.lastAppended()).isEqualTo(12);
        assertThat(log.get(8).term()).isEqualTo(2);
        assertThat(log.currentTerm()).isEqualTo(2);
        assertThat(log.sizeInBytes()).isEqualTo(120);

        log.append(11, entries(3, 11, 1, 10)); // overwriting from 11 drops 12
        assertThat(log.lastAppended()).isEqualTo(11);
        assertThat(log.get(12)).isNull();
    }

    @Test
    void anAppendThatWouldLeaveAGapIsRefused() {
        RetainingLog log = log(Long.MAX_VALUE);
        log.append(1, entries(1, 1, 3, 10));
        assertThatThrownBy(() -> log.append(5, entries(1, 5, 1, 10))).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.lastAppended()).isEqualTo(3);
    }

    @Test
    void forEachVisitsTheStoredRangeInOrder() {
        RetainingLog log = log(Long.MAX_VALUE);
        log.append(1, entries(1, 1, 20, 10));
        log.commitIndex(20);
        log.truncate(5);
        List<Long> seen = new ArrayList<>();
        log.forEach((e, i) -> seen.add(i));
        assertThat(seen).first().isEqualTo(5L);
        assertThat(seen).last().isEqualTo(20L);
        assertThat(seen).hasSize(16);
        seen.clear();
        log.forEach((e, i) -> seen.add(i), 1, 7);
        assertThat(seen).containsExactly(5L, 6L, 7L);
    }
}
