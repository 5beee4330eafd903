package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.perimeter.allowlist.HostCheck.Outcome;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forward-confirmed reverse DNS (decision 3) against DNS answers a test controls. */
class HostCheckTest {
    private final StubResolver dns = new StubResolver()
            // consistent: A and PTR agree
            .a("db1.example", "10.0.0.5").ptr("10.0.0.5", "DB1.Example.")
            // spoofed: the name points at the peer, but the peer's PTR names another host
            .a("db2.example", "10.0.0.6").ptr("10.0.0.6", "evil.example").a("evil.example", "10.0.0.6")
            // missing PTR
            .a("db3.example", "10.0.0.7")
            // PTR names the host, but the host does not resolve back... to this address via the PTR name
            .a("db4.example", "10.0.0.8").ptr("10.0.0.8", "db4.example")
            // dual-family: IPv4 preferred, IPv6 results ignored
            .a("dual.example", "10.0.0.9", "2001:db8::9").ptr("10.0.0.9", "dual.example").ptr("2001:db8::9", "dual.example")
            // IPv6-only name
            .a("six.example", "2001:db8::6").ptr("2001:db8::6", "six.example")
            // a name with two addresses, for host/N
            .a("net.example", "192.168.10.1", "192.168.20.1").ptr("192.168.10.1", "net.example").ptr("192.168.20.1", "other.example");

    /** entry | peer | outcome. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "db1.example|10.0.0.5|CONFIRMED",
        "DB1.EXAMPLE.|10.0.0.5|CONFIRMED",
        "db1.example|::ffff:10.0.0.5|CONFIRMED",
        "db1.example|10.0.0.4|NO_MATCH",
        "db2.example|10.0.0.6|SPOOFED",
        "db3.example|10.0.0.7|NO_PTR",
        "nowhere.example|10.0.0.5|UNRESOLVABLE",
        "dual.example|10.0.0.9|CONFIRMED",
        "dual.example|2001:db8::9|NO_MATCH",
        "six.example|2001:db8::6|CONFIRMED",
        "six.example|10.0.0.6|NO_MATCH",
        "db1.example/24|10.0.0.77|CONFIRMED",
        "db1.example/24|10.0.1.77|NO_MATCH",
        "db2.example/24|10.0.0.77|SPOOFED",
        "db3.example/24|10.0.0.77|NO_PTR",
        "net.example/24|192.168.10.99|CONFIRMED",
        "net.example/24|192.168.20.99|SPOOFED",
        "six.example/64|2001:db8::1234|CONFIRMED",
        "db1.example/64|10.0.0.5|NO_MATCH",
    })
    void fcrdns(String entryText, String peer, Outcome expected) throws Exception {
        HostEntry entry = (HostEntry) Allowlist.parse(entryText).entries().get(0);
        HostCheck.Finding finding = new HostCheck(dns).check(entry, Addresses.normalise(StubResolver.address(peer)));
        assertThat(finding.outcome()).as(String.join(" / ", finding.notes())).isEqualTo(expected);
        assertThat(finding.notes()).isNotEmpty();
    }

    @Test
    void ptrNameMustResolveBackToTheAddress() {
        StubResolver broken = new StubResolver().a("db5.example", "10.0.0.10").ptr("10.0.0.10", "db5.example.");
        // db5.example resolves to 10.0.0.10 only through the entry's lookup; make the confirming lookup differ:
        StubResolver confirming = new StubResolver() {
            private int calls;

            @Override
            public java.util.List<java.net.InetAddress> addressesOf(String host) throws java.net.UnknownHostException {
                return calls++ == 0 ? broken.addressesOf(host) : java.util.List.of(StubResolver.address("10.9.9.9"));
            }
        }.ptr("10.0.0.10", "db5.example.");
        HostCheck.Finding finding = new HostCheck(confirming).check(new HostEntry("db5.example", "db5.example", OptionalInt.empty()),
                IpLiteral.parse("10.0.0.10"));
        assertThat(finding.outcome()).isEqualTo(Outcome.NOT_CONFIRMED);
        assertThat(finding.notes()).anyMatch(n -> n.contains("does not resolve back"));
    }

    @Test
    void spoofedFindingNamesBothHosts() throws Exception {
        HostCheck.Finding finding = new HostCheck(dns).check((HostEntry) Allowlist.parse("db2.example").entries().get(0),
                IpLiteral.parse("10.0.0.6"));
        assertThat(finding.notes()).contains("PTR of 10.0.0.6 names evil.example, not db2.example (possible spoofing)");
    }

    @Test
    void aResolverThatDoesNotAnswerDeniesAfterTheBound() {
        CountDownLatch never = new CountDownLatch(1);
        dns.hang = never;
        try {
            BoundedHostResolver bounded = new BoundedHostResolver(dns, Duration.ofMillis(200), Duration.ofSeconds(5));
            HostCheck.Finding finding = new HostCheck(bounded).check(new HostEntry("db1.example", "db1.example", OptionalInt.empty()),
                    IpLiteral.parse("10.0.0.5"));
            assertThat(finding.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(finding.admits()).isFalse();
            assertThat(finding.notes()).anyMatch(n -> n.contains("did not answer within 200 ms"));
        } finally {
            never.countDown();
        }
    }

    @Test
    void slowReverseLookupAlsoDenies() {
        StubResolver slowPtr = new StubResolver() {
            @Override
            public java.util.Optional<String> nameOf(java.net.InetAddress address) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return java.util.Optional.of("db1.example");
            }
        }.a("db1.example", "10.0.0.5");
        BoundedHostResolver bounded = new BoundedHostResolver(slowPtr, Duration.ofMillis(100), Duration.ofSeconds(5));
        HostCheck.Finding finding = new HostCheck(bounded).check(new HostEntry("db1.example", "db1.example", OptionalInt.empty()),
                IpLiteral.parse("10.0.0.5"));
        assertThat(finding.outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void localhostThroughTheRealJdkResolver() {
        HostCheck check = new HostCheck(BoundedHostResolver.jdkDefault());
        HostCheck.Finding finding = check.check(new HostEntry("localhost", "localhost", OptionalInt.empty()), IpLiteral.parse("127.0.0.1"));
        assertThat(finding.outcome()).as(String.join(" / ", finding.notes())).isEqualTo(Outcome.CONFIRMED);
        HostCheck.Finding other = check.check(new HostEntry("localhost", "localhost", OptionalInt.empty()), IpLiteral.parse("127.0.0.2"));
        assertThat(other.admits()).isFalse();
    }
}
