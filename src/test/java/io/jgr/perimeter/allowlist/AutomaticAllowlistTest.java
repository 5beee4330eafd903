package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgr.perimeter.allowlist.NetworkInterfaces.InterfaceAddressInfo;
import io.jgr.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutomaticAllowlistTest {

    /** interface address/prefix | up | kept. */
    @ParameterizedTest(name = "{0} up={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "10.1.2.3/24|true|true",
        "10.1.2.3/8|true|true",
        "10.1.2.3/7|true|false",
        "172.16.5.5/16|true|true",
        "172.31.255.1/24|true|true",
        "172.15.0.1/24|true|false",
        "172.32.0.1/24|true|false",
        "172.20.0.1/11|true|false",
        "192.168.5.170/24|true|true",
        "192.168.5.170/15|true|false",
        "192.0.2.2/24|true|false",
        "198.51.100.7/24|true|false",
        "10.1.2.3/24|false|false",
        "fd00::2/64|true|true",
        "fc00::1/64|true|true",
        "fe80::215:5dff:fe06:4000/64|true|true",
        "febf::1/64|true|true",
        "fec0::1/64|true|false",
        "2001:db8::7/64|true|false",
        "fd00::2/64|false|false",
    })
    void keepsPrivateSubnetsOfUpInterfacesOnly(String subnet, boolean up, boolean kept) {
        String[] parts = subnet.split("/");
        NetworkInterfaces table = () -> List.of(new InterfaceAddressInfo("if0", up, IpLiteral.parse(parts[0]), Integer.parseInt(parts[1])));
        AutomaticAllowlist.Scan scan = new AutomaticAllowlist(table).scan();
        List<String> expected = new ArrayList<>(List.of("127.0.0.1/8"));
        if (kept && !subnet.contains(":")) {
            expected.add(subnet);
        }
        expected.add("::1/128");
        if (kept && subnet.contains(":")) {
            expected.add(subnet);
        }
        assertThat(scan.texts()).containsExactlyElementsOf(expected);
        assertThat(scan.findings()).singleElement().satisfies(f -> assertThat(f.kept()).isEqualTo(kept));
    }

    @Test
    void logsTheRangesAddedInMysqlsOrder() {
        NetworkInterfaces table = () -> List.of(
                new InterfaceAddressInfo("lo", true, IpLiteral.parse("127.0.0.1"), 8),
                new InterfaceAddressInfo("eth0", true, IpLiteral.parse("fe80::215:5dff:fe06:4000"), 64),
                new InterfaceAddressInfo("eth0", true, IpLiteral.parse("192.168.5.170"), 24),
                new InterfaceAddressInfo("eth1", true, IpLiteral.parse("192.168.6.27"), 24),
                new InterfaceAddressInfo("eth2", true, IpLiteral.parse("203.0.113.5"), 24));
        try (LogCapture log = LogCapture.open()) {
            CompiledAllowlist compiled = CompiledAllowlist.compile(Allowlist.parse("AUTOMATIC"), table);
            assertThat(log.lines()).singleElement().asString().endsWith(" [Note] [MY-011735] [Repl] Plugin group_replication reported: "
                    + "'[GCS] Added automatically IP ranges 127.0.0.1/8,192.168.5.170/24,192.168.6.27/24,::1/128,"
                    + "fe80::215:5dff:fe06:4000/64 to the allowlist'");
            assertThat(compiled.ranges().contains(IpLiteral.parse("192.168.6.200"))).isTrue();
            assertThat(compiled.ranges().contains(IpLiteral.parse("203.0.113.6"))).isFalse();
        } catch (InvalidAllowlistException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailedProbeStillGivesLoopbackOnly() {
        try (LogCapture log = LogCapture.open()) {
            AutomaticAllowlist.Scan scan = new AutomaticAllowlist(() -> {
                throw new IOException("no netlink");
            }).scan();
            assertThat(scan.texts()).containsExactly("127.0.0.1/8", "::1/128");
            assertThat(log.linesContaining("[GCS] Unable to probe any network interface for IP and netmask information. "
                    + "No addresses collected!")).hasSize(1);
        }
    }

    /**
     * This machine's real interfaces, judged independently from {@code ip -o addr} and
     * {@code ip -o link}: every private subnet of an interface that is UP with LOWER_UP is
     * kept, everything else (public addresses, down interfaces) is not.
     */
    @Test
    void scanOfThisMachinesRealInterfaces() throws Exception {
        List<String> links = ip("-o", "link", "show");
        List<String> addrs = ip("-o", "addr", "show");
        Set<String> up = new HashSet<>();
        for (String line : links) {
            String[] f = line.split("\\s+");
            String name = f[1].replaceAll(":$", "").replaceAll("@.*", "");
            if (line.matches(".*[<,]UP[,>].*") && line.matches(".*[<,]LOWER_UP[,>].*")) {
                up.add(name);
            }
        }
        Set<String> expected = new HashSet<>(Set.of("127.0.0.1/8", "::1/128"));
        Set<String> unexpected = new HashSet<>();
        for (String line : addrs) {
            String[] f = line.split("\\s+");
            String name = f[1];
            String subnet = f[3];
            if (subnet.startsWith("127.") || subnet.equals("::1/128")) {
                continue;
            }
            boolean isPrivate = privateByText(subnet);
            (up.contains(name) && isPrivate ? expected : unexpected).add(subnet);
        }
        AutomaticAllowlist.Scan scan = new AutomaticAllowlist(NetworkInterfaces.jdk()).scan();
        System.out.println("real interfaces: kept " + scan.texts() + "; findings " + scan.findings());
        assertThat(new HashSet<>(scan.texts())).isEqualTo(expected);
        assertThat(scan.texts()).doesNotContainAnyElementsOf(unexpected);
    }

    /** An independent, textual reading of the private blocks (the code under test uses ranges). */
    private static boolean privateByText(String subnet) {
        String address = subnet.substring(0, subnet.indexOf('/'));
        int prefix = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
        if (address.contains(":")) {
            String first = address.toLowerCase().split(":")[0];
            int word = first.isEmpty() ? 0 : Integer.parseInt(first, 16);
            return (word & 0xfe00) == 0xfc00 && prefix >= 7 || (word & 0xffc0) == 0xfe80 && prefix >= 10;
        }
        String[] o = address.split("\\.");
        int a = Integer.parseInt(o[0]);
        int b = Integer.parseInt(o[1]);
        return a == 10 && prefix >= 8 || a == 172 && b >= 16 && b <= 31 && prefix >= 12 || a == 192 && b == 168 && prefix >= 16;
    }

    private static List<String> ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true: the ip command (iproute2) is needed", e);
            }
            assumeTrue(false, "the ip command (iproute2) is not installed: skipping the real-interface comparison");
            throw e;
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ip " + String.join(" ", args) + " did not finish");
        }
        return List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
}
