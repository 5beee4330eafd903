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

/**
 * MySQL's QUOTA flow control: the quota of the next period from the members' reports (the slowest member over a
 * threshold, hold_percent, the floors and the cap, the writers' share), its release once no member is over,
 * and commits past the quota held until the next period, counted.
 */
class FlowControlTest {
    private final UUID primary = UUID.randomUUID();
    private final UUID slow = UUID.randomUUID();

    /**
     * One period: the primary proposed and applied 200 transactions, the slow member applied 40 of them with 150
     * waiting (threshold 100). Its capacity is 40; 10 % held back: 36, shared by the writers.
     */
    @ParameterizedTest(name = "hold {0} %, member quota {1} %, min {2}, max {3}, both write: {4} -> {5}")
    @CsvSource({
            "10,  0,   0,  0, false, 36",
            "50,  0,   0,  0, false, 20",
            "10,  0,   0,  0, true,  18",
            "10, 25,   0,  0, true,   9",
            "10,  0, 100,  0, false, 90",
            "10,  0,   0, 10, false, 10"})
    void theQuotaIsTheSlowestMembersCapacityLessTheHoldShared(long hold, long memberPercent, long min, long max,
                                                              boolean bothWrite, long expected) {
        SystemVariables vars = vars("QUOTA", 100, 100);
        vars.applyStartupValue("group_replication_flow_control_hold_percent", String.valueOf(hold));
        vars.applyStartupValue("group_replication_flow_control_member_quota_percent", String.valueOf(memberPercent));
        vars.applyStartupValue("group_replication_flow_control_min_quota", String.valueOf(min));
        vars.applyStartupValue("group_replication_flow_control_max_quota", String.valueOf(max));
        FlowControl fc = new FlowControl(vars);
        throttlingPeriod(fc, bothWrite);
        assertThat(fc.quota()).isZero(); // no limit before the period ends
        fc.step();
        assertThat(fc.quota()).isEqualTo(expected);
    }

    @Test
    void onceNoMemberIsOverTheQuotaGrowsByTheReleasePercentThenGoes() {
        FlowControl fc = new FlowControl(vars("QUOTA", 100, 100));
        throttlingPeriod(fc, false);
        fc.step();
        assertThat(fc.quota()).isEqualTo(36);
        fc.report(slow, 80, 50, 0); // caught up below the threshold
        fc.step();
        assertThat(fc.quota()).isEqualTo(54); // release_percent 50
        fc.step();
        assertThat(fc.quota()).isEqualTo(81);

        SystemVariables noRelease = vars("QUOTA", 100, 100);
        noRelease.applyStartupValue("group_replication_flow_control_release_percent", "0");
        FlowControl lifted = new FlowControl(noRelease);
        throttlingPeriod(lifted, false);
        lifted.step();
        lifted.step();
        assertThat(lifted.quota()).isZero();
    }

    @Test
    void disabledAndThresholdsOfZeroNeverLimit() throws Exception {
        for (SystemVariables vars : new SystemVariables[] {vars("DISABLED", 100, 100), vars("QUOTA", 0, 0)}) {
            FlowControl fc = new FlowControl(vars);
            throttlingPeriod(fc, false);
            fc.step();
            assertThat(fc.quota()).isZero();
            assertThat(fc.hold()).isFalse();
        }
    }

    @Test
    void commitsPastTheQuotaWaitForTheNextPeriodAndAreCounted() throws Exception {
        SystemVariables vars = vars("QUOTA", 100, 100);
        vars.applyStartupValue("group_replication_flow_control_max_quota", "2");
        FlowControl fc = new FlowControl(vars);
        throttlingPeriod(fc, false);
        fc.step();
        assertThat(fc.quota()).isEqualTo(2);
        assertThat(fc.hold()).isFalse();
        assertThat(fc.hold()).isFalse();
        assertThat(fc.throttling()).isEqualTo(FlowControlThrottling.NONE);

        long start = System.nanoTime();
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> {
            try {
                return fc.hold();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fc.throttling().activeCount() == 1);
        Thread.sleep(30);
        fc.step(); // the next period: it goes
        assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
        long elapsedUs = (System.nanoTime() - start) / 1_000;
        FlowControlThrottling t = fc.throttling();
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.activeCount()).isZero();
        assertThat(t.timeSumUs()).isBetween(30_000L, elapsedUs);
    }

    /** First reports (no deltas), 200 of the primary's transactions (20 of the slow member's too), then reports. */
    private void throttlingPeriod(FlowControl fc, boolean bothWrite) {
        fc.report(primary, 0, 0, 0);
        fc.report(slow, 0, 0, 0);
        for (int i = 0; i < 200; i++) {
            fc.certified(primary);
        }
        for (int i = 0; bothWrite && i < 20; i++) {
            fc.certified(slow);
        }
        fc.report(primary, 200, 0, 0);
        fc.report(slow, 40, 150, 0);
    }

    private static SystemVariables vars(String mode, long applierThreshold, long certifierThreshold) {
        SystemVariables vars = SystemVariables.standard();
        vars.applyStartupValue("group_replication_flow_control_mode", mode);
        vars.applyStartupValue("group_replication_flow_control_applier_threshold", String.valueOf(applierThreshold));
        vars.applyStartupValue("group_replication_flow_control_certifier_threshold", String.valueOf(certifierThreshold));
        return vars;
    }
}
