package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.perimeter.allowlist.InvalidAllowlistException.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowlistParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"AUTOMATIC", "automatic", "AuToMaTiC", " AUTOMATIC ", "AUTO MATIC", "\tautomatic\n"})
    void automaticInAnyCaseAndSpacing(String value) throws Exception {
        Allowlist list = Allowlist.parse(value);
        assertThat(list.isAutomatic()).isTrue();
        assertThat(list.entries()).isEmpty();
        assertThat(Allowlist.isAutomatic(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTOMATIC,10.0.0.1", "10.0.0.1,automatic", "AUTOMATIC,", ",AUTOMATIC", "automatic/8",
        "automatic.example.com", "my-automatic-host", "10.0.0.0/8, AUTO MATIC"})
    void automaticMixedWithAnythingIsRefused(String value) {
        assertThatThrownBy(() -> Allowlist.parse(value))
                .isInstanceOfSatisfying(InvalidAllowlistException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTOMATIC_MIXED);
                    assertThat(e.logText()).isNull();
                });
    }

    /** value | entries as kept (text:kind) separated by ';'. */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "''|''",
        "'   '|''",
        "10.0.0.1|10.0.0.1:IP 10.0.0.1/32",
        "10.0.0.1/8|10.0.0.1/8:IP 10.0.0.0/8",
        "' 10.0.0.1 / 8 , 192.168.1.0/24 '|10.0.0.1/8:IP 10.0.0.0/8;192.168.1.0/24:IP 192.168.1.0/24",
        "10.0.0.1,10.0.0.1, 10.0.0.1 |10.0.0.1:IP 10.0.0.1/32",
        "db1.example,DB1.example|db1.example:HOST db1.example",
        "10.0.0.1,|10.0.0.1:IP 10.0.0.1/32",
        "10.0.0.1/|10.0.0.1/:IP 10.0.0.1/32",
        "0.0.0.0/0|0.0.0.0/0:IP 0.0.0.0/0",
        "10.0.0.1/032|10.0.0.1/032:IP 10.0.0.1/32",
        "::1|::1:IP ::1/128",
        "fe80::1/10|fe80::1/10:IP fe80::/10",
        "::/0|::/0:IP ::/0",
        "::ffff:10.0.0.1/128|::ffff:10.0.0.1/128:IP ::ffff:10.0.0.1/128",
        "localhost/32|localhost/32:HOST localhost/32",
        "example.org,www.example.com/24|example.org:HOST example.org;www.example.com/24:HOST www.example.com/24",
        "10.0.0.1a|10.0.0.1a:HOST 10.0.0.1a",
        "2001:db8::/32,192.0.2.21/24|2001:db8::/32:IP 2001:db8::/32;192.0.2.21/24:IP 192.0.2.0/24",
    })
    void acceptedValues(String value, String expected) throws Exception {
        Allowlist list = Allowlist.parse(value);
        assertThat(list.isAutomatic()).isFalse();
        List<String> described = list.entries().stream().map(AllowlistParserTest::describe).toList();
        assertThat(String.join(";", described)).isEqualTo(expected);
    }

    private static String describe(AllowlistEntry e) {
        if (e instanceof IpEntry ip) {
            return ip.text() + ":IP " + ip.range();
        }
        HostEntry h = (HostEntry) e;
        return h.text() + ":HOST " + h.host() + (h.prefix().isPresent() ? "/" + h.prefix().getAsInt() : "");
    }

    /** value | the entry MySQL names in "Invalid IP or subnet mask in the allowlist: <entry>". */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1/33|10.0.0.1/33",
        "10.0.0.0/8,192.168.1.1/33|192.168.1.1/33",
        "::1/129|::1/129",
        "10.0.0.256|10.0.0.256",
        "300.1.1.1/8|300.1.1.1/8",
        "10.0.0|10.0.0",
        "10.0.0.01|10.0.0.01",
        "1.2.3.4.5|1.2.3.4.5",
        "10.0.0.1/-1|10.0.0.1/-1",
        "10.0.0.1/abc|10.0.0.1/abc",
        "10.0.0.1/8/8|10.0.0.1/8/8",
        "10.0.0.1/99999999999999999999|10.0.0.1/99999999999999999999",
        "10.0.0.1/+8|10.0.0.1/+8",
        "1:::2|1:::2",
        "fe80::1%eth0|fe80::1%eth0",
        "db1:3306|db1:3306",
        "/24|/24",
        "10.0.0.1,,10.0.0.2|''",
        ",10.0.0.1|''",
        "host.example/129|host.example/129",
        "host.example/x|host.example/x",
        "'10.0.0.1 / 3 3'|10.0.0.1/33",
    })
    void invalidEntries(String value, String entry) {
        assertThatThrownBy(() -> Allowlist.parse(value))
                .isInstanceOfSatisfying(InvalidAllowlistException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_ENTRY);
                    assertThat(e.entry()).isEqualTo(entry);
                    assertThat(e.logText()).isEqualTo("Invalid IP or subnet mask in the allowlist: " + entry);
                });
    }
}
