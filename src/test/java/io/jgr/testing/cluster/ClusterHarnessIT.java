package io.jgr.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The harness itself: two members on their own addresses, TLS with IP SANs, cleanup on close and on a failed start. */
class ClusterHarnessIT {

    @Test
    void twoMembersOnTheirOwnAddressesAndEverythingRemovedOnClose() throws Exception {
        Path base;
        try (Cluster cluster = Cluster.start(2)) {
            base = cluster.base();
            for (MemberProcess m : cluster.members()) {
                try (Connection c = m.connectRoot(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT @@port, @@bind_address, @@report_host")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(m.port());
                    assertThat(rs.getString(2)).isEqualTo(m.ip());
                }
                assertThat(m.errorLogLines()).anyMatch(l -> l.contains("[System] [MY-010931] [Server] jgr server: ready for connections."));
            }
            assertThat(cluster.member(1).ip()).isEqualTo("127.0.0.1");
            assertThat(cluster.member(2).ip()).isEqualTo("127.0.0.2");
        }
        assertThat(Files.exists(base)).isFalse();
    }

    @Test
    void aMemberThatCannotStartIsReportedAndCleanedUp() {
        Path[] base = new Path[1];
        assertThatThrownBy(() -> Cluster.start(1, m -> {
            base[0] = m.dir().getParent();
            m.option("no_such_option", "1");
        })).hasMessageContaining("unknown variable 'no_such_option=1'");
        assertThat(Files.exists(base[0])).isFalse();
    }
}
