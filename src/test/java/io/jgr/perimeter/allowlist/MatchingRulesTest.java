package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MySQL's matching rules, each edge as a row: list | peer | matches. */
class MatchingRulesTest {

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // /0 admits its whole family and nothing of the other
        "0.0.0.0/0|203.0.113.9|true",
        "0.0.0.0/0|255.255.255.255|true",
        "0.0.0.0/0|2001:db8::1|false",
        "::/0|2001:db8::1|true",
        "::/0|10.0.0.1|false",
        "::/0|::ffff:10.0.0.1|false",
        // /31: exactly two addresses
        "10.0.0.2/31|10.0.0.2|true",
        "10.0.0.2/31|10.0.0.3|true",
        "10.0.0.2/31|10.0.0.1|false",
        "10.0.0.2/31|10.0.0.4|false",
        // /32 and no mask: one address
        "10.0.0.7/32|10.0.0.7|true",
        "10.0.0.7/32|10.0.0.8|false",
        "10.0.0.7|10.0.0.6|false",
        "255.255.255.255|255.255.255.255|true",
        // /128 and no mask
        "2001:db8::7/128|2001:db8::7|true",
        "2001:db8::7/128|2001:db8::6|false",
        "2001:db8::7|2001:db8::8|false",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|true",
        "2001:db8::/127|2001:db8::1|true",
        "2001:db8::/127|2001:db8::2|false",
        "2001:db8::/64|2001:db8::ffff:ffff:ffff:ffff|true",
        "2001:db8::/64|2001:db8:0:1::|false",
        "2001:db8::/65|2001:db8::7fff:ffff:ffff:ffff|true",
        "2001:db8::/65|2001:db8::8000:0:0:0|false",
        // 172.16/12 is 172.16.0.0-172.31.255.255 only
        "172.16.0.0/12|172.16.0.0|true",
        "172.16.0.0/12|172.31.255.255|true",
        "172.16.0.0/12|172.15.255.255|false",
        "172.16.0.0/12|172.32.0.0|false",
        "172.16.0.0/12|172.33.0.2|false",
        // host bits in the entry are ignored, as (entry & mask)
        "10.1.2.3/8|10.200.0.1|true",
        "192.168.1.77/24|192.168.1.1|true",
        "192.168.1.77/24|192.168.2.1|false",
        // IPv4-mapped peers are compared as IPv4
        "10.0.0.0/8|::ffff:10.1.2.3|true",
        "10.0.0.0/8|::ffff:11.1.2.3|false",
        "127.0.0.1/32|::ffff:127.0.0.1|true",
        // an IPv6 entry never matches an IPv4 peer, even when the bytes coincide
        "a00:1::/32|10.0.0.1|false",
        "::a00:1/128|10.0.0.1|false",
        "::ffff:10.0.0.1/128|10.0.0.1|false",
        "::ffff:0:0/96|10.0.0.1|false",
        "::/96|10.0.0.1|false",
        // and an IPv4 entry never matches an IPv6 peer
        "10.0.0.1|::a00:1|false",
        "0.0.0.0/0|::|false",
        // several entries, overlapping and adjacent
        "10.0.0.0/24,10.0.1.0/24,10.0.0.128/25|10.0.1.255|true",
        "10.0.0.0/24,10.0.2.0/24|10.0.1.0|false",
        "10.0.0.0/24,10.0.2.0/24|10.0.2.0|true",
        "'10.0.0.1, 10.0.0.3'|10.0.0.2|false",
        // empty list: nothing (localhost is the gate's, not the matcher's)
        "''|10.0.0.1|false",
    })
    void rule(String list, String peer, boolean expected) throws Exception {
        Allowlist parsed = Allowlist.parse(list);
        LinearReferenceMatcher reference = new LinearReferenceMatcher();
        java.util.List<CidrRange> ranges = new java.util.ArrayList<>();
        for (AllowlistEntry e : parsed.entries()) {
            IpEntry ip = (IpEntry) e;
            ranges.add(ip.range());
            String[] parts = ip.text().split("/", 2);
            byte[] bytes = IpLiteral.parse(parts[0]);
            reference.add(bytes, parts.length == 1 || parts[1].isEmpty() ? bytes.length * 8 : Integer.parseInt(parts[1]));
        }
        RangeSet set = RangeSet.of(ranges);
        InetAddress address = StubResolver.address(peer);
        assertThat(set.contains(address)).as("compiled").isEqualTo(expected);
        assertThat(reference.matches(Addresses.normalise(address))).as("reference").isEqualTo(expected);
    }

    @Test
    void aMappedPeerHeldInAnInet6AddressIsStillIpv4() throws Exception {
        byte[] mapped = IpLiteral.parseV6("::ffff:10.1.2.3");
        InetAddress held = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(held).isInstanceOf(Inet6Address.class);
        RangeSet set = RangeSet.of(java.util.List.of(CidrRange.of(IpLiteral.parse("10.0.0.0"), 8)));
        assertThat(set.contains(held)).isTrue();
        assertThat(Addresses.asMySqlSees(held)).isEqualTo("::ffff:10.1.2.3");
        assertThat(Addresses.asMySqlSees(StubResolver.address("10.1.2.3"))).isEqualTo("::ffff:10.1.2.3");
        assertThat(Addresses.asMySqlSees(StubResolver.address("2001:db8::1"))).isEqualTo("2001:db8::1");
    }
}
