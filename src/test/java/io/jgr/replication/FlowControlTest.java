package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.server.config.SystemVariables;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Throttling follows the mode and the thresholds against every member's reported queues. */
class FlowControlTest {

    @ParameterizedTest(name = "mode {0}, applier threshold {1}, certifier threshold {2}, queues {3}/{4} -> {5}")
    @CsvSource({
            "QUOTA,    100, 100,  10,  10, false",
            "QUOTA,    100, 100, 101,   0, true",
            "QUOTA,    100, 100,   0, 101, true",
            "DISABLED, 100, 100, 500, 500, false",
            "QUOTA,      0,   0, 500, 500, false"})
    void throttles(String mode, long applier, long certifier, long applierQueue, long certifierQueue, boolean expected) {
        SystemVariables vars = SystemVariables.standard();
        vars.applyStartupValue("group_replication_flow_control_mode", mode);
        vars.applyStartupValue("group_replication_flow_control_applier_threshold", String.valueOf(applier));
        vars.applyStartupValue("group_replication_flow_control_certifier_threshold", String.valueOf(certifier));
        FlowControl fc = new FlowControl(vars);
        UUID slow = UUID.randomUUID();
        fc.report(UUID.randomUUID(), 0, 0);
        fc.report(slow, applierQueue, certifierQueue);
        assertThat(fc.throttled()).isEqualTo(expected);
        fc.forget(slow);
        assertThat(fc.throttled()).isFalse();
    }
}
