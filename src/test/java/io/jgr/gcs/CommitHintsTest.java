package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.jgroups.protocols.raft.LogEntry;
import org.junit.jupiter.api.Test;

/** The rule a follower applies to the leader's answer: commit only up to an entry of the same index and term. */
class CommitHintsTest {
    private final Map<Long, LogEntry> log = new HashMap<>();
    private final CommitHints hints = new CommitHints();

    private void append(long index, long term) {
        log.put(index, new LogEntry(term, new byte[] {1}));
    }

    private long take(long commitIndex) {
        long last = log.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        return hints.take(commitIndex, last, log::get);
    }

    @Test
    void commitsUpToAnEntryOfTheSameTerm() {
        append(1, 1);
        append(2, 1);
        assertThat(hints.offer(2, 1)).as("the first hint wakes the runner").isTrue();
        assertThat(take(0)).isEqualTo(2);
        assertThat(take(2)).as("taken once").isZero();
    }

    @Test
    void anEntryOfAnotherTermIsNotCommitted() {
        append(1, 1);
        append(2, 1); // this member's entry from term 1; the leader of term 2 committed another one there
        hints.offer(2, 2);
        assertThat(take(0)).isZero();
        append(2, 2);
        assertThat(take(0)).as("the hint was dropped, not kept").isZero();
    }

    @Test
    void aHintAheadOfThisLogWaitsForTheAppendThatBringsIt() {
        append(1, 3);
        hints.offer(2, 3);
        assertThat(take(0)).isZero();
        append(2, 3);
        assertThat(take(0)).isEqualTo(2);
    }

    @Test
    void theHighestHintWinsAndOneWakeUpSuffices() {
        append(1, 1);
        append(2, 1);
        append(3, 1);
        assertThat(hints.offer(3, 1)).isTrue();
        assertThat(hints.offer(2, 1)).as("a wake-up is already queued").isFalse();
        assertThat(take(0)).isEqualTo(3);
        assertThat(hints.offer(3, 1)).as("taken: the next hint wakes the runner again").isTrue();
        assertThat(take(3)).as("already committed").isZero();
    }
}
