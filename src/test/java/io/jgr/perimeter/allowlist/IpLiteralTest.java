package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0|0.0.0.0",
        "255.255.255.255|255.255.255.255",
        "10.0.0.1|10.0.0.1",
        "::|::",
        "::1|::1",
        "1::|1::",
        "FE80::0:1|fe80::1",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1",
        "::ffff:172.18.0.4|::ffff:172.18.0.4",
        "::ffff:ac12:4|::ffff:172.18.0.4",
        "::10.0.0.1|::10.0.0.1",
        "1:2:3:4:5:6:7:8|1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4|1:2:3:4:5:6:102:304",
        "0:0:1:0:0:0:1:0|0:0:1::1:0",
    })
    void parsesAndFormatsAsInetPtonAndInetNtop(String text, String formatted) {
        assertThat(IpLiteral.format(IpLiteral.parse(text))).isEqualTo(formatted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.04", "01.2.3.4", "1..2.3", "1.2.3.",
        ".1.2.3", "1.2.3.-4", "0x1.2.3.4", "1.2.3.4 ", "١.2.3.4"})
    void rejectsBadIpv4(String text) {
        assertThat(IpLiteral.parseV4(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:::2", ":1", "1:", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7::8", "::1.2.3", "::1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "[::1]", "g::1", "::1.2.3.4:5"})
    void rejectsBadIpv6(String text) {
        assertThat(IpLiteral.parseV6(text)).isNull();
    }

    @Property(tries = 500)
    void formatThenParseIsIdentityAndAgreesWithTheJdk(@ForAll @Size(16) byte[] address) throws Exception {
        String text = IpLiteral.format(address);
        assertThat(IpLiteral.parseV6(text)).containsExactly(address);
        // Text containing ':' is never looked up by the JDK, only parsed.
        assertThat(Addresses.normalise(InetAddress.getByName(text).getAddress())).containsExactly(Addresses.normalise(address));
    }

    @Property(tries = 300)
    void ipv4RoundTrips(@ForAll @Size(4) byte[] address) {
        assertThat(IpLiteral.parseV4(IpLiteral.format(address))).containsExactly(address);
    }
}
