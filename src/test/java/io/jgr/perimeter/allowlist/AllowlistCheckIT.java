package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code jgr allowlist check} through the built launcher, as an operator runs it. */
class AllowlistCheckIT {

    @Test
    void judgesEachAddressAndSaysWhy() throws Exception {
        Launcher.Result r = Launcher.run(Launcher.binJgr("allowlist", "check", "--list", " 10.0.0.0/8, 192.168.1.0/24 ,localhost,2001:db8::/32",
                "--member", "203.0.113.9",
                "10.1.2.3", "::ffff:10.9.9.9", "198.51.100.7", "127.0.0.1", "::1", "2001:db8:1::5", "172.32.0.1", "203.0.113.9"), 120);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).containsSubsequence(
                "ADMITTED 10.1.2.3 by entry 10.0.0.0/8",
                "ADMITTED 10.9.9.9 by entry 10.0.0.0/8",
                "REFUSED  198.51.100.7 (Address is not in the IP allowlist.)",
                "    host entry localhost: NO_MATCH",
                "ADMITTED 127.0.0.1 (localhost is always admitted)",
                "ADMITTED ::1 (localhost is always admitted)",
                "ADMITTED 2001:db8:1::5 by entry 2001:db8::/32",
                "REFUSED  172.32.0.1 (Address is not in the IP allowlist.)",
                "ADMITTED 203.0.113.9 (current group member)");
        // The server's START-time warnings go to the error log (stderr here).
        assertThat(r.err()).contains("'[GCS] Automatically adding IPv4 localhost address to the allowlist. It is mandatory that it is added.'");
    }

    @Test
    void hostEntriesShowTheirFcrdnsFindings() throws Exception {
        // localhost comes from /etc/hosts: no DNS traffic leaves the machine.
        Launcher.Result r = Launcher.run(Launcher.javaJar("allowlist", "check", "--list", "localhost/8", "127.0.0.9"), 120);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).first().isEqualTo(
                "ADMITTED 127.0.0.9 by entry localhost/8 (host entry confirmed by forward-confirmed reverse DNS)");
        assertThat(r.out()).contains("host entry localhost/8: CONFIRMED", "localhost resolves to 127.0.0.1",
                "PTR of 127.0.0.1 is localhost, which resolves back to 127.0.0.1: confirmed", "127.0.0.9 lies in 127.0.0.1/8");
    }

    @Test
    void anInvalidListFailsWithTheServersError() throws Exception {
        Launcher.Result r = Launcher.run(Launcher.javaJar("allowlist", "check", "--list", "10.0.0.0/8,192.168.1.1/33", "10.0.0.1"), 120);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("[ERROR] [MY-011735] [Repl] Plugin group_replication reported: "
                + "'[GCS] Invalid IP or subnet mask in the allowlist: 192.168.1.1/33'");
        assertThat(r.err()).contains("ERROR 3092 (HY000): The group_replication_ip_allowlist is invalid. "
                + "Make sure that when specifying \"AUTOMATIC\" the list contains no other values.");
    }

    @Test
    void automaticMixedNamesTheVariable() throws Exception {
        Launcher.Result r = Launcher.run(Launcher.javaJar("allowlist", "check", "--variable", "group_replication_ip_whitelist",
                "--list", "AUTOMATIC,10.0.0.1", "10.0.0.1"), 120);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("ERROR 3092 (HY000): The group_replication_ip_whitelist is invalid. "
                + "Make sure that when specifying \"AUTOMATIC\" the list contains no other values.");
    }

    @Test
    void anAddressArgumentMustBeAnIpLiteral() throws Exception {
        Launcher.Result r = Launcher.run(Launcher.javaJar("allowlist", "check", "--list", "10.0.0.0/8", "db1.example"), 120);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not an IPv4 or IPv6 address: db1.example");
    }
}
