package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AUTOMATIC inside a network namespace this test builds: veth pairs with a private and a public
 * subnet on up interfaces, and private subnets on interfaces that are down. The scan runs in the
 * namespace through the launcher ({@code ip netns exec NS java -jar jgr.jar allowlist …}). Needs
 * root and iproute2: skipped elsewhere, except under CI=true where it must run. Every address used
 * lives only inside the namespace, which is always deleted.
 */
class AllowlistNamespaceIT {
    private final String ns = "jgr-al-" + ProcessHandle.current().pid() + "-" + Integer.toHexString((int) System.nanoTime() & 0xffff);
    private boolean created;

    @BeforeEach
    void createNamespace() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        String why = null;
        try {
            Launcher.Result probe = Launcher.run(List.of("ip", "netns", "add", ns), 30);
            if (probe.exit() != 0) {
                why = "cannot create a network namespace (needs root): " + probe.err().trim();
            }
        } catch (java.io.IOException e) {
            why = "the ip command (iproute2) is not installed";
        }
        if (why != null) {
            if (ci) {
                throw new AssertionError("CI=true: " + why);
            }
            assumeTrue(false, why + "; skipping the network-namespace test");
        }
        created = true;
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        // Up: p0 private (10.x/24, fd00::/8), p1 public (198.51.100.7/24, 2001:db8::/64).
        sh("ip", "-n", ns, "link", "add", "p0", "type", "veth", "peer", "name", "p1");
        sh("ip", "-n", ns, "addr", "add", "10.11.12.1/24", "dev", "p0");
        sh("ip", "-n", ns, "addr", "add", "fd12:3456::1/64", "dev", "p0", "nodad");
        sh("ip", "-n", ns, "addr", "add", "198.51.100.7/24", "dev", "p1");
        sh("ip", "-n", ns, "addr", "add", "2001:db8::7/64", "dev", "p1", "nodad");
        sh("ip", "-n", ns, "link", "set", "p0", "up");
        sh("ip", "-n", ns, "link", "set", "p1", "up");
        // Down: q0 (administratively down) and q1 (up but without carrier): private subnets that must not count.
        sh("ip", "-n", ns, "link", "add", "q0", "type", "veth", "peer", "name", "q1");
        sh("ip", "-n", ns, "addr", "add", "192.168.77.1/24", "dev", "q0");
        sh("ip", "-n", ns, "addr", "add", "fd99::1/64", "dev", "q0", "nodad");
        sh("ip", "-n", ns, "addr", "add", "172.20.0.1/16", "dev", "q1");
        sh("ip", "-n", ns, "link", "set", "q1", "up");
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (created) {
            Launcher.Result r = Launcher.run(List.of("ip", "netns", "del", ns), 30);
            assertThat(r.exit()).as("ip netns del %s: %s", ns, r.err()).isZero();
        }
    }

    private static void sh(String... command) throws Exception {
        Launcher.Result r = Launcher.run(List.of(command), 30);
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isZero();
    }

    private List<String> inNamespace(String... jgrArgs) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(Launcher.javaJar(jgrArgs));
        return command;
    }

    @Test
    void automaticKeepsPrivateSubnetsOfUpInterfacesOnly() throws Exception {
        Launcher.Result r = Launcher.run(inNamespace("allowlist", "automatic"), 120);
        assertThat(r.exit()).as(r.err()).isZero();
        String ranges = r.outLines().stream().filter(l -> l.startsWith("RANGES ")).findFirst().orElseThrow().substring(7);
        List<String> kept = List.of(ranges.split(","));
        assertThat(kept).startsWith("127.0.0.1/8", "10.11.12.1/24", "::1/128");
        assertThat(kept).contains("fd12:3456::1/64");
        assertThat(kept).doesNotContain("198.51.100.7/24", "2001:db8::7/64", "192.168.77.1/24", "fd99::1/64", "172.20.0.1/16");
        // Only link-local subnets of the up interfaces come on top.
        assertThat(kept.subList(3, kept.size())).allMatch(s -> s.equals("fd12:3456::1/64") || s.startsWith("fe80:"));
        assertThat(r.out()).contains("SKIPPED p1 198.51.100.7/24 (not a private subnet)",
                "SKIPPED q0 192.168.77.1/24 (interface is down)", "SKIPPED q1 172.20.0.1/16 (interface is down)");
        assertThat(r.err()).contains("'[GCS] Added automatically IP ranges " + ranges + " to the allowlist'");
    }

    @Test
    void checkWithAutomaticInsideTheNamespace() throws Exception {
        Launcher.Result r = Launcher.run(inNamespace("allowlist", "check", "--list", "automatic",
                "10.11.12.200", "10.11.13.1", "198.51.100.8", "192.168.77.2", "fd12:3456::99", "127.0.0.5"), 120);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "ADMITTED 10.11.12.200 by entry 10.11.12.1/24",
                "REFUSED  10.11.13.1 (Address is not in the IP allowlist.)",
                "REFUSED  198.51.100.8 (Address is not in the IP allowlist.)",
                "REFUSED  192.168.77.2 (Address is not in the IP allowlist.)",
                "ADMITTED fd12:3456::99 by entry fd12:3456::1/64",
                "ADMITTED 127.0.0.5 by entry 127.0.0.1/8");
    }
}
