package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.pki.KeyFormat;
import io.jgr.pki.Pem;
import io.jgr.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MySQL's rules for TLS options and material, each with its text. */
class TlsMaterialTest {
    private static final TestPki PKI = TestPki.INSTANCE;

    private static Map<String, String> main(String... kv) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    private static TlsMaterial load(Map<String, String> options, List<String> warnings) throws TlsConfigException {
        return TlsMaterial.load(TlsOptions.main(options), true, warnings::add);
    }

    private static String cert(String member) {
        return PKI.member(member).cert().toString();
    }

    private static String key(String member) {
        return PKI.member(member).key().toString();
    }

    @Test
    void bothKeyAndCertificateMissing() {
        assertThatThrownBy(() -> load(main(), new ArrayList<>()))
                .hasMessage("Both the certification file and the key file cannot be None");
    }

    @Test
    void oneFileServesAsBothWithMySqlsWarnings(@TempDir Path dir) throws Exception {
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, PKI.member("good").issued().privateKeyPem(KeyFormat.SEC1) + PKI.member("good").issued().chainPem());
        List<String> warnings = new ArrayList<>();
        assertThat(load(main("ssl_key", combined.toString()), warnings).hasIdentity()).isTrue();
        assertThat(load(main("ssl_cert", combined.toString()), warnings).hasIdentity()).isTrue();
        assertThat(warnings).containsExactly(
                "Using the key file also as a certification file: " + combined,
                "Using the certification file also as a key file: " + combined);
    }

    @Test
    void mismatchedPairIsRefused() {
        assertThatThrownBy(() -> load(main("ssl_cert", cert("good"), "ssl_key", key("pkcs8")), new ArrayList<>()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("Private key is not properly loaded");
        assertThatThrownBy(() -> load(main("ssl_cert", cert("good"), "ssl_key", key("rsa")), new ArrayList<>()))
                .hasMessage("Private key is not properly loaded");
    }

    @Test
    void everyKeyFormatLoads(@TempDir Path dir) throws Exception {
        for (String m : List.of("good", "rsa", "pkcs8")) {
            assertThat(load(main("ssl_cert", cert(m), "ssl_key", key(m)), new ArrayList<>()).hasIdentity()).isTrue();
        }
        // SEC1 preceded by an EC PARAMETERS block, as `openssl ecparam -genkey` writes it
        Path withParams = dir.resolve("ecparam-key.pem");
        Files.writeString(withParams, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Files.readString(PKI.member("good").key()));
        assertThat(load(main("ssl_cert", cert("good"), "ssl_key", withParams.toString()), new ArrayList<>()).hasIdentity()).isTrue();
    }

    @Test
    void unreadableOrEncryptedFiles(@TempDir Path dir) throws Exception {
        Path encrypted = dir.resolve("encrypted.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + "MIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIDqW8gA8kvQYCAggA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> load(main("ssl_cert", cert("good"), "ssl_key", encrypted.toString()), new ArrayList<>()))
                .hasMessage("Unable to get private key from '" + encrypted + "'");
        assertThatThrownBy(() -> load(main("ssl_cert", dir.resolve("none.pem").toString(), "ssl_key", key("good")), new ArrayList<>()))
                .hasMessage("Unable to get certificate from '" + dir.resolve("none.pem") + "'");
        assertThatThrownBy(() -> load(main("ssl_cert", cert("good"), "ssl_key", key("good"), "ssl_ca", dir.resolve("no-ca.pem").toString()),
                new ArrayList<>()))
                .hasMessage("Cannot use default locations because ca_file or ca_path has been specified")
                .satisfies(e -> assertThat(((TlsConfigException) e).details())
                        .containsExactly("Failed to locate and verify ca_file: '" + dir.resolve("no-ca.pem") + "' ca_path: ''"));
        Path emptyDir = Files.createDirectory(dir.resolve("empty-capath"));
        assertThatThrownBy(() -> load(main("ssl_cert", cert("good"), "ssl_key", key("good"), "ssl_capath", emptyDir.toString()),
                new ArrayList<>()))
                .hasMessage("Cannot use default locations because ca_file or ca_path has been specified");
        assertThatThrownBy(() -> load(main("ssl_cert", cert("good"), "ssl_key", key("good"), "ssl_crl", dir.resolve("no-crl.pem").toString()),
                new ArrayList<>()))
                .hasMessageStartingWith("Failed to load the CRLs in crl_file: '");
    }

    @ParameterizedTest(name = "tls_version={0}")
    @CsvSource(delimiter = '|', value = {
        "TLSv1.2,TLSv1.3     | TLSv1.2 TLSv1.3",
        "tlsv1.3             | TLSv1.3",
        "' TLSv1.3 , TLSv1.2'| TLSv1.2 TLSv1.3",
        "TLSv1.1,TLSv1.2     | TLSv1.2",
        "TLSv1,TLSv1.1       | TLS version is invalid: TLSv1,TLSv1.1",
        "TLSv1.4             | TLS version is invalid: TLSv1.4",
        "SSLv3,TLSv1.2       | TLS version is invalid: SSLv3,TLSv1.2",
    })
    void tlsVersion(String value, String expected) {
        try {
            assertThat(String.join(" ", TlsVersions.parse(value))).isEqualTo(expected);
        } catch (TlsConfigException e) {
            assertThat(e.getMessage()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "ssl_cipher={0} tls_ciphersuites={1} tls_version={2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "ECDHE-RSA-AES128-GCM-SHA256        | NULL                   | TLSv1.2         | TLSv1.2 / TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | NULL                | TLSv1.2         | TLSv1.2 / TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "NULL                               | TLS_AES_256_GCM_SHA384 | TLSv1.3         | TLSv1.3 / TLS_AES_256_GCM_SHA384",
        "AES128-SHA                         | ''                     | TLSv1.2,TLSv1.3 | TLSv1.2 / TLS_RSA_WITH_AES_128_CBC_SHA",
        "NO-SUCH-CIPHER                     | NULL                   | TLSv1.2         | Failed to set the list of chipers.",
        "TLS_AES_128_GCM_SHA256             | NULL                   | TLSv1.2         | Failed to set the list of chipers.",
        "NULL                               | TLS_AES_128_CCM_SHA256 | TLSv1.3         | Failed to set the list of ciphersuites. Check if the values configured for ciphersuites are correct and valid and if the list is not empty",
        "NULL                               | ''                     | TLSv1.3         | Failed to set the list of ciphersuites. Check if the values configured for ciphersuites are correct and valid and if the list is not empty",
    })
    void cipherSelection(String cipher, String suites, String versions, String expected) {
        TlsOptions o = new TlsOptions(TlsOptions.MAIN, null, null, null, null, null, null, cipher, versions, suites);
        try {
            CipherSuites s = CipherSuites.select(o);
            assertThat(String.join(" ", s.protocols()) + " / " + String.join(" ", s.suites())).isEqualTo(expected);
        } catch (TlsConfigException e) {
            assertThat(e.getMessage()).isEqualTo(expected);
            assertThat(e.details()).as("the detail names the option at fault").singleElement().asString()
                    .containsAnyOf("ssl_cipher", "tls_ciphersuites");
        }
    }

    @Test
    void cipherNameTableMapsBothWays() {
        assertThat(CipherNames.tls12Iana("ecdhe-ecdsa-aes128-gcm-sha256")).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(CipherNames.tls12Iana("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(CipherNames.tls12Iana("RC4-MD5")).isEmpty();
        assertThat(CipherNames.toOpenSsl("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")).isEqualTo("ECDHE-RSA-CHACHA20-POLY1305");
        assertThat(CipherNames.toOpenSsl("TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void optionSetsAreReadUnderTheirOwnNames() throws Exception {
        Map<String, String> o = main(
                "ssl_cert", "/main/cert.pem", "admin_ssl_cert", "/admin/cert.pem",
                "group_replication_recovery_ssl_cert", "/recovery/cert.pem",
                "group_replication_recovery_tls_version", "TLSv1.3",
                "group_replication_recovery_tls_ciphersuites", "");
        assertThat(TlsOptions.forGroup(o).cert()).isEqualTo("/main/cert.pem");
        o.put(TlsOptions.TLS_SOURCE, "mysql_admin");
        assertThat(TlsOptions.forGroup(o).cert()).isEqualTo("/admin/cert.pem");
        TlsOptions recovery = TlsOptions.recovery(o);
        assertThat(recovery.cert()).isEqualTo("/recovery/cert.pem");
        assertThat(recovery.tlsVersion()).isEqualTo("TLSv1.3");
        assertThat(recovery.tlsCiphersuites()).isEmpty();
        assertThat(TlsOptions.main(o).tlsVersion()).isEqualTo(TlsOptions.DEFAULT_TLS_VERSION);
        assertThat(TlsOptions.main(o).tlsCiphersuites()).isNull();
    }

    @Test
    void groupStartLogsTheConfigurationOrWhyItFailed() throws Exception {
        try (LogCapture log = LogCapture.open()) {
            GroupTls.start(main(TlsOptions.SSL_MODE, "disabled"));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).endsWith(
                    "[Note] [MY-011673] [Repl] Plugin group_replication reported: "
                            + "'Group communication SSL configuration: group_replication_ssl_mode: \"DISABLED\"'"));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).endsWith("Plugin group_replication reported: '[GCS] SSL was not enabled'"));

            Map<String, String> o = PKI.options(SslMode.VERIFY_CA, "good");
            o.put("ssl_crlpath", PKI.crlpath.toString());
            GroupTls.start(o);
            assertThat(log.linesContaining("group_replication_ssl_mode: \"VERIFY_CA\"")).singleElement().asString()
                    .contains("Group communication SSL configuration: group_replication_ssl_mode: \"VERIFY_CA\"; server_key_file: \""
                            + key("good") + "\"; server_cert_file: \"" + cert("good") + "\"; client_key_file: \"" + key("good")
                            + "\"; client_cert_file: \"" + cert("good") + "\"; ca_file: \"" + PKI.caFile + "\"; ca_path: \"\"; "
                            + "cipher: \"\"; tls_version: \"TLSv1.2,TLSv1.3\"; tls_ciphersuites: \"NOT_SET\"; crl_file: \"\"; crl_path: \""
                            + PKI.crlpath + "\"; ssl_fips_mode: \"OFF\"'");

            assertThatThrownBy(() -> GroupTls.start(main(TlsOptions.SSL_MODE, "PREFERRED")))
                    .hasMessage("Requested invalid SSL mode: PREFERRED");
            Map<String, String> bad = PKI.options(SslMode.REQUIRED, "good");
            bad.put("tls_version", "TLSv1.7");
            assertThatThrownBy(() -> GroupTls.start(bad)).hasMessage("TLS version is invalid: TLSv1.7");
            assertThat(log.linesContaining("[ERROR] [MY-011735]")).extracting(l -> l.substring(l.indexOf("reported: ")))
                    .containsExactly(
                            "reported: '[GCS] Requested invalid SSL mode: PREFERRED'",
                            "reported: '[GCS] Error starting SSL in the group communication engine.'",
                            "reported: '[GCS] TLS version is invalid: TLSv1.7'",
                            "reported: '[GCS] Error starting SSL in the group communication engine.'");
            assertThat(String.join("\n", log.lines())).doesNotContain("PRIVATE KEY").doesNotContain(
                    Files.readAllLines(PKI.member("good").key()).get(1));
        }
    }

    @Test
    void materialToStringShowsNoKey() throws Exception {
        TlsMaterial m = load(main("ssl_cert", cert("rsa"), "ssl_key", key("rsa")), new ArrayList<>());
        assertThat(m.toString()).contains("CN=member").doesNotContain("modulus").doesNotContain("exponent");
        assertThat(Pem.privateKey(PKI.member("rsa").issued().keyPair(), KeyFormat.PKCS8)).isNotEmpty();
    }
}
