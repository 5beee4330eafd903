package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.testing.LogCapture;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowlistVariablesTest {
    private static final String MIXED = "The %s is invalid. Make sure that when specifying \"AUTOMATIC\" the list contains no other values.";

    /** variable | value | error code | log line expected ('' for none). */
    @ParameterizedTest(name = "SET {0}=[{1}]")
    @CsvSource(delimiter = '|', value = {
        "group_replication_ip_allowlist|AUTOMATIC,10.0.0.1|3092|''",
        "group_replication_ip_whitelist|10.0.0.1, automatic|3092|''",
        "group_replication_ip_allowlist|10.0.0.1/33|3092|[GCS] Invalid IP or subnet mask in the allowlist: 10.0.0.1/33",
        "group_replication_ip_whitelist|10.0.0.1.1|3092|[GCS] Invalid IP or subnet mask in the allowlist: 10.0.0.1.1",
    })
    void setTimeErrors(String variable, String value, int code, String logLine) {
        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> AllowlistVariables.checkSet(variable, value))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(code);
                        assertThat(e.getSQLState()).isEqualTo("HY000");
                        assertThat(e.getMessage()).isEqualTo(String.format(MIXED, variable));
                    });
            if (logLine.isEmpty()) {
                assertThat(log.lines()).isEmpty();
            } else {
                assertThat(log.lines()).singleElement().asString().contains(" [ERROR] [MY-011735] [Repl] ").endsWith("'" + logLine + "'");
            }
        }
    }

    @Test
    void setTimeAcceptsValidValues() throws Exception {
        assertThat(AllowlistVariables.checkSet(AllowlistVariables.ALLOWLIST, "").entries()).isEmpty();
        assertThat(AllowlistVariables.checkSet(AllowlistVariables.ALLOWLIST, " automatic ").isAutomatic()).isTrue();
        assertThat(AllowlistVariables.checkSet(AllowlistVariables.ALLOWLIST, "10.0.0.0/8,db1.example").entries()).hasSize(2);
    }

    @Test
    void startTimeInvalidEntryIs3096WithTheLogLine() {
        AllowlistVariables.StartCheck check = AllowlistVariables.checkStart(AllowlistVariables.ALLOWLIST, "10.0.0.0/8,300.0.0.1");
        assertThat(check.ok()).isFalse();
        assertThat(check.error().getErrorCode()).isEqualTo(3096);
        assertThat(check.error().getMessage()).isEqualTo(
                "The START GROUP_REPLICATION command failed as there was an error when initializing the group communication layer.");
        assertThat(check.logText()).isEqualTo("Invalid IP or subnet mask in the allowlist: 300.0.0.1");
        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> AllowlistVariables.forStart(AllowlistVariables.ALLOWLIST, "10.0.0.0/8,300.0.0.1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3096));
            assertThat(log.linesContaining("[GCS] Invalid IP or subnet mask in the allowlist: 300.0.0.1")).hasSize(1);
        }
    }

    @Test
    void startTimeAutomaticMixedIs3092() {
        AllowlistVariables.StartCheck check = AllowlistVariables.checkStart(AllowlistVariables.WHITELIST, "AUTOMATIC,::1");
        assertThat(check.error().getErrorCode()).isEqualTo(3092);
        assertThat(check.error().getMessage()).isEqualTo(String.format(MIXED, AllowlistVariables.WHITELIST));
        assertThat(check.logText()).isNull();
    }

    /** allowlist | whitelist | effective. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AUTOMATIC|AUTOMATIC|AUTOMATIC",
        "automatic|10.0.0.0/8|10.0.0.0/8",
        "192.168.0.0/16|10.0.0.0/8|192.168.0.0/16",
        "' Auto matic '|''|''",
        "''|10.0.0.0/8|''",
    })
    void precedenceAtStart(String allowlist, String whitelist, String effective) {
        assertThat(AllowlistVariables.effectiveValue(allowlist, whitelist)).isEqualTo(effective);
    }
}
