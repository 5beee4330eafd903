package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadRetryTest {
    private static final long S = 1_000_000_000L;
    private final LeadRetry retry = new LeadRetry();

    @Test
    void theFirstSightWithoutTheLeadWaitsASecond() {
        assertThat(retry.due(0)).isFalse();
        assertThat(retry.due(S - 1)).isFalse();
        assertThat(retry.due(S)).isTrue();
    }

    @Test
    void failedVotesWaitTwiceAsLongEachTimeUpToTheLongest() {
        assertThat(retry.failed(0)).as("the first failure is logged").isTrue();
        assertThat(retry.due(S - 1)).isFalse();
        assertThat(retry.due(S)).isTrue();
        assertThat(retry.failed(S)).as("later ones are not").isFalse();
        assertThat(retry.due(3 * S - 1)).isFalse();
        assertThat(retry.due(3 * S)).isTrue();
        long now = 3 * S;
        for (int i = 0; i < 10; i++) {
            retry.failed(now);
        }
        assertThat(retry.due(now + LeadRetry.LONGEST.toNanos() - 1)).isFalse();
        assertThat(retry.due(now + LeadRetry.LONGEST.toNanos())).isTrue();
    }

    @Test
    void leadingStartsOver() {
        retry.failed(0);
        retry.failed(S);
        retry.settled();
        assertThat(retry.due(10 * S)).isFalse();
        assertThat(retry.due(11 * S)).isTrue();
        assertThat(retry.failed(11 * S)).as("logged again after a success").isTrue();
    }

    @Test
    void nanoTimeMayBeNegative() {
        long t = Long.MIN_VALUE + 5;
        assertThat(retry.due(t)).isFalse();
        assertThat(retry.due(t + S)).isTrue();
    }
}
