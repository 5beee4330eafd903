package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.KeyAlgorithm;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host and source-address matching against SANs; DNS answers come from a table, not a DNS server. */
class CertificateNamesTest {
    private static final CertificateAuthority CA = CertificateAuthority.root("names CA", KeyAlgorithm.EC_P256);
    private static final X509Certificate CERT = CA.issue(CertificateRequest.leaf("not-a-san.example")
            .ip("10.0.0.5", "fd00::7").dns("db1.example", "*.members.example")).certificate();
    private static final Map<String, List<String>> DNS = Map.of(
            "db1.example", List.of("10.0.0.9", "10.0.0.10"));
    private static final CertificateNames.Resolver RESOLVER = host -> {
        List<String> answer = DNS.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer.stream().map(a -> {
            try {
                return InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    };

    @ParameterizedTest(name = "dialled {0}: {1}")
    @CsvSource({
        "10.0.0.5, true",
        "10.0.0.6, false",
        "fd00:0:0:0:0:0:0:7, true",
        "[fd00::7], true",
        "db1.example, true",
        "DB1.Example., true",
        "m3.members.example, true",
        "a.b.members.example, false",
        "members.example, false",
        "not-a-san.example, false",
        "db2.example, false",
    })
    void dialledHost(String host, boolean named) {
        assertThat(CertificateNames.namesHost(CERT, host)).isEqualTo(named);
    }

    @ParameterizedTest(name = "source {0}: {1}")
    @CsvSource({
        "10.0.0.5, true",
        "::ffff:10.0.0.5, true",
        "fd00::7, true",
        "10.0.0.9, true",
        "10.0.0.10, true",
        "10.0.0.11, false",
        "127.0.0.1, false",
    })
    void sourceAddress(String source, boolean named) throws Exception {
        assertThat(CertificateNames.namesSource(CERT, InetAddress.getByName(source), RESOLVER)).isEqualTo(named);
    }

    @org.junit.jupiter.api.Test
    void describeListsSans() {
        assertThat(CertificateNames.describe(CERT))
                .isEqualTo("IP:10.0.0.5, IP:fd00:0:0:0:0:0:0:7, DNS:db1.example, DNS:*.members.example");
    }
}
