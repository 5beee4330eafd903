package io.jgr.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SandboxHelpersTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|0",
        "3E11FA47-71CA-11E1-9E33-C80AA9429562:23|1",
        "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5|5",
        "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:11-18, 2174B383-5441-11E8-B90A-C80AA9429562:1-3|16",
        "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:tag:1-4|4",
        "x:1-y|-1",
    })
    void gtidCount(String set, long expected) {
        assertThat(GtidSets.count(set)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:3401|127.0.0.1",
        "[::1]:3401|::1",
        "db1.example:33061|db1.example",
        "127.0.0.1|127.0.0.1",
    })
    void hostOfHostPort(String hostPort, String host) {
        assertThat(MemberSetup.host(hostPort)).isEqualTo(host);
    }

    @Test
    void replaceKeepsOtherLinesAndAppendsMissing() {
        String text = "[mysqld]\nport = 1\ngroup_replication_ip_allowlist = 127.0.0.1\nx = y\n";
        assertThat(MemberOptions.replace(text, "group_replication_ip_allowlist", "10.0.0.0/8"))
                .isEqualTo("[mysqld]\nport = 1\ngroup_replication_ip_allowlist = 10.0.0.0/8\nx = y\n");
        assertThat(MemberOptions.replace("[mysqld]\n", "a", "b")).isEqualTo("[mysqld]\na = b\n");
    }

    @Test
    void progressBar() {
        assertThat(StatusReport.bar(null)).isEmpty();
        assertThat(StatusReport.bar(0.5)).isEqualTo(" [##########..........] 50%");
        assertThat(StatusReport.bar(1.0)).isEqualTo(" [####################] 100%");
    }

    @Test
    void layoutAddressesMembersOnTheirOwnLoopbackAddresses() {
        SandboxLayout l = new SandboxLayout(Path.of("/tmp/sb"), 3, 13300, "VERIFY_IDENTITY", "g");
        assertThat(l.member(2).sqlEndpoint()).isEqualTo("127.0.0.2:13302");
        assertThat(l.member(2).localAddress()).isEqualTo("127.0.0.2:13402");
        assertThat(l.seeds()).isEqualTo("127.0.0.1:13401,127.0.0.2:13402,127.0.0.3:13403");
        assertThat(l.allowlist()).isEqualTo("127.0.0.1,127.0.0.2,127.0.0.3");
        String cnf = MemberOptions.render(l, l.member(1), l.allowlist());
        assertThat(cnf).contains("plugin_load_add = group_replication.so", "group_replication_start_on_boot = OFF",
                "group_replication_ip_allowlist = 127.0.0.1,127.0.0.2,127.0.0.3").doesNotContain("password");
    }
}
