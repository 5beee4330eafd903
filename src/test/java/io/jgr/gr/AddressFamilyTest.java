package io.jgr.gr;

import static io.jgr.gr.GroupFormationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.LogCapture;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ::1 works as a member address; the seed-family rule (spec §3.7) between ::1 and 127.0.0.x members. */
class AddressFamilyTest {

    @Test
    void ipv6LoopbackMemberAndTheSeedFamilyRule() throws Exception {
        try (LogCapture log = LogCapture.open(); GrNode v6 = new GrNode(6, "::1", Hooks.defaults().withTuning(GrNode.FAST));
                GrNode v4 = new GrNode(2)) {
            String group = UUID.randomUUID().toString();
            v6.configure(group, "", "::1,127.0.0.2", "DISABLED");
            v6.bootstrap();
            assertThat(v6.rows("SELECT MEMBER_HOST, MEMBER_STATE FROM performance_schema.replication_group_members"))
                    .extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("::1 ONLINE");
            assertThat(log.linesContaining("Group communication ready to accept incoming connections on [0:0:0:0:0:0:0:1]:"))
                    .hasSize(1);

            // an IPv4 member whose only seed is the IPv6 one: refused by the family rule before any connection
            v4.configure(group, v6.localAddress(), "::1,127.0.0.2", "DISABLED");
            assertError(() -> v4.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("None of the seeds " + v6.localAddress()
                    + " is of the address family of the local address 127.0.0.2:")).hasSize(1);
            // listing a seed of each family: the IPv4 one is used (here nobody answers there: the join fails cleanly)
            v4.sql("SET GLOBAL group_replication_group_seeds = '" + v6.localAddress() + ",127.0.0.3:"
                    + GrNode.freePort("127.0.0.3") + "'");
            assertError(() -> v4.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("[GCS] The member was unable to join the group.")).isNotEmpty();
            assertThat(v6.onlineCount()).isEqualTo(1);
        }
    }
}
