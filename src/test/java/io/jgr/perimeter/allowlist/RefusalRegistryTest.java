package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RefusalRegistryTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final RefusalRegistry registry = new RefusalRegistry(clock, Duration.ofSeconds(10), 3);

    @Test
    void countsEverySourceWithFirstLastAndReason() {
        registry.refuse(StubResolver.address("198.51.100.7"), "not in the IP allowlist");
        clock.now = clock.now.plusSeconds(1);
        registry.refuse(StubResolver.address("::ffff:198.51.100.7"), "not in the IP allowlist; db1: SPOOFED");
        RefusalRegistry.RefusedSource row = registry.snapshot().get(0);
        assertThat(row.address()).isEqualTo("198.51.100.7");
        assertThat(row.count()).isEqualTo(2);
        assertThat(row.firstSeen()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(row.lastSeen()).isEqualTo(Instant.parse("2026-11-21T12:00:01Z"));
        assertThat(row.reason()).isEqualTo("not in the IP allowlist; db1: SPOOFED");
    }

    @Test
    void logLinesAreRateLimitedPerSourceAndInTotal() {
        try (LogCapture log = LogCapture.open()) {
            for (int i = 0; i < 100; i++) {
                registry.refuse(StubResolver.address("198.51.100.7"), "x");
            }
            assertThat(log.linesContaining("refused")).hasSize(1);
            for (int i = 1; i <= 10; i++) {
                registry.refuse(StubResolver.address("198.51.100." + (100 + i)), "x");
            }
            assertThat(log.linesContaining("refused")).hasSize(3); // burst of 3 per interval
            clock.now = clock.now.plusSeconds(11);
            registry.refuse(StubResolver.address("198.51.100.7"), "x");
            assertThat(log.linesContaining("refused")).hasSize(4);
            // Each line that passes first says how many were held back since the last one.
            assertThat(log.linesContaining("allowlist refusal lines were suppressed")).hasSize(2)
                    .anyMatch(l -> l.contains("'[GCS] 99 allowlist refusal lines were suppressed by rate limiting;"))
                    .anyMatch(l -> l.contains("'[GCS] 8 allowlist refusal lines were suppressed by rate limiting;"));
        }
        assertThat(registry.total()).isEqualTo(111);
    }
}
