package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.server.config.SystemVariables;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Throttling follows the mode and the thresholds against every member's reported queues, and is counted. */
class FlowControlTest {

    @ParameterizedTest(name = "mode {0}, applier threshold {1}, certifier threshold {2}, queues {3}/{4} -> {5}")
    @CsvSource({
            "QUOTA,    100, 100,  10,  10, false",
            "QUOTA,    100, 100, 101,   0, true",
            "QUOTA,    100, 100,   0, 101, true",
            "DISABLED, 100, 100, 500, 500, false",
            "QUOTA,      0,   0, 500, 500, false"})
    void throttles(String mode, long applier, long certifier, long applierQueue, long certifierQueue, boolean expected) {
        FlowControl fc = new FlowControl(vars(mode, applier, certifier));
        UUID slow = UUID.randomUUID();
        fc.report(UUID.randomUUID(), 0, 0);
        fc.report(slow, applierQueue, certifierQueue);
        assertThat(fc.throttled()).isEqualTo(expected);
        fc.forget(slow);
        assertThat(fc.throttled()).isFalse();
    }

    @Test
    void heldCommitsAreCountedWithTheirTimeAndFreeOnesAreNot() throws Exception {
        FlowControl fc = new FlowControl(vars("QUOTA", 100, 100));
        UUID slow = UUID.randomUUID();
        fc.report(slow, 0, 0);
        assertThat(fc.hold()).isFalse();
        assertThat(fc.throttling()).isEqualTo(FlowControlThrottling.NONE);

        fc.report(slow, 101, 0);
        long start = System.nanoTime();
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
            try {
                return fc.hold();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fc.throttling().activeCount() == 1);
        Thread.sleep(30);
        fc.report(slow, 0, 0); // the slow member caught up: the held commit goes before its period ends
        assertThat(held.get(5, TimeUnit.SECONDS)).isTrue();
        long elapsedUs = (System.nanoTime() - start) / 1_000;

        FlowControlThrottling t = fc.throttling();
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.activeCount()).isZero();
        assertThat(t.timeSumUs()).isBetween(30_000L, elapsedUs);
    }

    private static SystemVariables vars(String mode, long applierThreshold, long certifierThreshold) {
        SystemVariables vars = SystemVariables.standard();
        vars.applyStartupValue("group_replication_flow_control_mode", mode);
        vars.applyStartupValue("group_replication_flow_control_applier_threshold", String.valueOf(applierThreshold));
        vars.applyStartupValue("group_replication_flow_control_certifier_threshold", String.valueOf(certifierThreshold));
        return vars;
    }
}
