package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.testing.LogCapture;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowlistGateTest {
    private static final NetworkInterfaces NONE = List::of;
    private final StubResolver dns = new StubResolver().a("db1.example", "10.0.0.5").ptr("10.0.0.5", "db1.example")
            .a("spoof.example", "10.0.0.6").ptr("10.0.0.6", "evil.example");

    private AllowlistGate gate(String value) throws Exception {
        return new AllowlistGate(CompiledAllowlist.compile(Allowlist.parse(value), NONE), dns, new RefusalRegistry(), NONE);
    }

    private static InetAddress ip(String text) {
        return StubResolver.address(text);
    }

    /** list | peer | verdict summary. */
    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''|127.0.0.1|ADMITTED 127.0.0.1 (localhost is always admitted)",
        "''|::1|ADMITTED ::1 (localhost is always admitted)",
        "''|::ffff:127.0.0.1|ADMITTED 127.0.0.1 (localhost is always admitted)",
        "''|127.0.0.2|REFUSED  127.0.0.2 (Address is not in the IP allowlist.)",
        "''|10.0.0.1|REFUSED  10.0.0.1 (Address is not in the IP allowlist.)",
        "10.0.0.0/8|10.2.3.4|ADMITTED 10.2.3.4 by entry 10.0.0.0/8",
        "'10.0.0.0/8, 10.2.0.0/16'|10.2.3.4|ADMITTED 10.2.3.4 by entry 10.0.0.0/8",
        "192.0.2.0/24,10.2.0.0/16,10.0.0.0/8|10.2.3.4|ADMITTED 10.2.3.4 by entry 10.2.0.0/16",
        "10.0.0.0/8|::ffff:10.2.3.4|ADMITTED 10.2.3.4 by entry 10.0.0.0/8",
        "10.0.0.0/8|11.0.0.1|REFUSED  11.0.0.1 (Address is not in the IP allowlist.)",
        "db1.example|10.0.0.5|ADMITTED 10.0.0.5 by entry db1.example (host entry confirmed by forward-confirmed reverse DNS)",
        "spoof.example|10.0.0.6|REFUSED  10.0.0.6 (Address is not in the IP allowlist.)",
    })
    void decides(String list, String peer, String summary) throws Exception {
        AllowlistGate gate = gate(list);
        Verdict verdict = gate.decide(ip(peer));
        assertThat(verdict.summary()).isEqualTo(summary);
        assertThat(gate.admit(ip(peer))).isEqualTo(verdict.admitted());
    }

    @Test
    void groupMembersAreAdmittedThroughTheHook() throws Exception {
        AllowlistGate gate = gate("10.0.0.0/8");
        assertThat(gate.admit(ip("192.0.2.50"))).isFalse();
        gate.setMembers(() -> Set.of(ip("192.0.2.50"), ip("2001:db8::50")));
        assertThat(gate.admit(ip("192.0.2.50"))).isTrue();
        assertThat(gate.admit(ip("::ffff:192.0.2.50"))).isTrue();
        assertThat(gate.admit(ip("2001:db8::50"))).isTrue();
        assertThat(gate.decide(ip("192.0.2.50")).reason()).isEqualTo(Verdict.Reason.GROUP_MEMBER);
        gate.setMembers(Set::of);
        assertThat(gate.admit(ip("192.0.2.50"))).isFalse();
    }

    @Test
    void refusalsAreCountedAndLoggedAsMysqlDoes() throws Exception {
        AllowlistGate gate = gate("10.0.0.0/8");
        try (LogCapture log = LogCapture.open()) {
            assertThat(gate.admit(ip("172.33.0.2"))).isFalse();
            assertThat(gate.admit(ip("172.33.0.2"))).isFalse();
            assertThat(gate.admit(ip("2001:db8::1"))).isFalse();
            assertThat(log.linesContaining("refused")).containsExactly(
                    log.linesContaining("::ffff:172.33.0.2").get(0), log.linesContaining("2001:db8::1").get(0));
            assertThat(log.linesContaining("refused").get(0)).endsWith(
                    " [Warning] [MY-011735] [Repl] Plugin group_replication reported: "
                    + "'[GCS] Connection attempt from IP address ::ffff:172.33.0.2 refused. Address is not in the IP allowlist.'");
        }
        List<RefusalRegistry.RefusedSource> rows = gate.refusals().snapshot();
        assertThat(rows).extracting(RefusalRegistry.RefusedSource::address).containsExactlyInAnyOrder("172.33.0.2", "2001:db8::1");
        assertThat(rows.stream().filter(r -> r.address().equals("172.33.0.2")).findFirst().orElseThrow().count()).isEqualTo(2);
        assertThat(gate.refusals().total()).isEqualTo(3);
    }

    @Test
    void unresolvableHostIsAWarningAndNoMatch() throws Exception {
        AllowlistGate gate = gate("nowhere.example");
        try (LogCapture log = LogCapture.open()) {
            assertThat(gate.admit(ip("10.0.0.1"))).isFalse();
            assertThat(log.linesContaining("[GCS] Hostname nowhere.example in Allowlist configuration was not resolvable. "
                    + "Please check your Allowlist configuration.")).hasSize(1);
        }
    }

    @Test
    void liveReconfigurationSwapsOnlyAValidList() throws Exception {
        AllowlistGate gate = gate("10.0.0.0/8");
        gate.reconfigure(AllowlistVariables.ALLOWLIST, "192.168.0.0/16");
        assertThat(gate.admit(ip("192.168.1.1"))).isTrue();
        assertThat(gate.admit(ip("10.0.0.1"))).isFalse();
        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> gate.reconfigure(AllowlistVariables.WHITELIST, "10.0.0.0/8,10.0.0.300"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(3092);
                        assertThat(e.getSQLState()).isEqualTo("HY000");
                        assertThat(e.getMessage()).isEqualTo("The group_replication_ip_whitelist is invalid. "
                                + "Make sure that when specifying \"AUTOMATIC\" the list contains no other values.");
                    });
            assertThat(log.linesContaining("[GCS] Invalid IP or subnet mask in the allowlist: 10.0.0.300")).hasSize(1);
            assertThat(log.linesContaining("[GCS] The ip_allowlist parameter is not valid")).hasSize(1);
        }
        assertThatThrownBy(() -> gate.reconfigure(AllowlistVariables.ALLOWLIST, "AUTOMATIC,10.0.0.0/8")).isInstanceOf(SQLException.class);
        assertThat(gate.current().source().value()).isEqualTo("192.168.0.0/16");
        assertThat(gate.admit(ip("192.168.1.1"))).isTrue();
        assertThat(gate.admit(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void swapIsAtomicUnderConcurrentChecks() throws Exception {
        AllowlistGate gate = gate("10.0.0.0/8");
        InetAddress a = ip("10.1.1.1");
        InetAddress b = ip("192.168.1.1");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger inconsistent = new java.util.concurrent.atomic.AtomicInteger();
        Thread checker = new Thread(() -> {
            for (int i = 0; i < 2_000_000 && !stop.get(); i++) {
                CompiledAllowlist list = gate.current();
                // Each list admits exactly one of the two; a torn list would admit both or none.
                if (list.ranges().contains(a) == list.ranges().contains(b)) {
                    inconsistent.incrementAndGet();
                }
            }
        });
        checker.start();
        for (int i = 0; i < 50; i++) {
            gate.reconfigure(AllowlistVariables.ALLOWLIST, i % 2 == 0 ? "192.168.0.0/16,127.0.0.1/32,::1/128" : "10.0.0.0/8,127.0.0.1/32,::1/128");
        }
        stop.set(true);
        checker.join(10_000);
        assertThat(inconsistent.get()).isZero();
    }

    @Test
    void aRefusalFloodIsCountedExactlyAndLogsABoundedNumberOfLines() throws Exception {
        AllowlistGate gate = gate("10.0.0.0/8");
        int threads = 4;
        int each = 5_000;
        try (LogCapture log = LogCapture.open()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                java.util.List<java.util.concurrent.Future<Integer>> admitted = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int base = t;
                    admitted.add(pool.submit(() -> {
                        int n = 0;
                        for (int i = 0; i < each; i++) {
                            byte[] a = {(byte) 198, 51, (byte) (100 + base), (byte) i};
                            n += gate.admit(InetAddress.getByAddress(a)) ? 1 : 0;
                        }
                        return n;
                    }));
                }
                for (var f : admitted) {
                    assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(log.linesContaining("refused. Address is not in the IP allowlist.")).hasSizeBetween(1, RefusalRegistry.DEFAULT_LOG_BURST);
        }
        assertThat(gate.refusals().total()).isEqualTo((long) threads * each);
        assertThat(gate.refusals().snapshot()).hasSize(threads * 256);
    }
}
