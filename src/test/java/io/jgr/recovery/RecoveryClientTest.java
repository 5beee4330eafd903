package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two in-JVM members (engine + MySQL protocol server with TLS, on 127.0.0.1 and 127.0.0.2): the
 * joiner fetches a GTID range from the donor over a real Connector/J connection, and each way of
 * getting the credentials or TLS wrong ends in ERROR with MySQL's log lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryClientTest {
    static final String GROUP = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    static final GtidRange RANGE = new GtidRange(GROUP, 1, 3000);
    static final String GOOD = "Rpl-Pw-good1";

    @TempDir
    static Path dir;
    TestMember donor;
    TestMember joiner;

    @BeforeAll
    void start() throws Exception {
        TestMember.Pki pki = new TestMember.Pki(Files.createDirectories(dir.resolve("pki")));
        donor = new TestMember("127.0.0.1", dir.resolve("donor"), pki);
        joiner = new TestMember("127.0.0.2", dir.resolve("joiner"), pki);
        donor.sql("CREATE USER rpl@'%' IDENTIFIED BY '" + GOOD + "'", "GRANT REPLICATION SLAVE ON *.* TO rpl@'%'",
                "CREATE USER norepl@'%' IDENTIFIED BY 'NoRepl-pw-3'",
                "CREATE USER sslrpl@'%' IDENTIFIED BY 'Ssl-Pw-2x' REQUIRE SSL", "GRANT REPLICATION SLAVE ON *.* TO sslrpl@'%'");
        donor.log.append(GROUP, 1, RANGE.last(), RecoveryClientTest::payload);
    }

    @AfterAll
    void stop() throws Exception {
        joiner.close();
        donor.close();
    }

    @BeforeEach
    void reset() throws Exception {
        joiner.recoveryOptions.keySet().removeIf(k -> !k.endsWith("retry_count") && !k.endsWith("reconnect_interval"));
        joiner.recoveryOptions.put("group_replication_recovery_retry_count", "1");
        joiner.recovery.credentials().clearStartCredentials();
        joiner.recovery.credentials().vault().clear();
    }

    static byte[] payload(long n) {
        byte[] b = new byte[200 + (int) (n % 300)];
        Arrays.fill(b, (byte) n);
        b[0] = (byte) (n >> 8);
        return b;
    }

    private void store(String user, String password) throws Exception {
        try (Connection c = joiner.root(); Statement s = c.createStatement()) {
            s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='" + user + "', SOURCE_PASSWORD='" + password
                    + "' FOR CHANNEL 'group_replication_recovery'");
        }
    }

    private void useTls(boolean verifyServerCert) {
        joiner.recoveryOptions.put("group_replication_recovery_use_ssl", "ON");
        joiner.recoveryOptions.put("group_replication_recovery_ssl_ca", joiner.pki.caPem.toString());
        joiner.recoveryOptions.put("group_replication_recovery_ssl_verify_server_cert", verifyServerCert ? "ON" : "OFF");
    }

    record Run(RecoveryClient.Result result, List<String> lines, List<String> gtids, long bytes) {
    }

    private Run recover(List<Donor> donors) throws Exception {
        List<String> gtids = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        try (LogCapture log = LogCapture.open()) {
            RecoveryClient.Result r = joiner.recovery.recover(donors, RANGE, joiner.settings(), (gtid, payload) -> {
                long n = DonorLogStatements.sequence(gtid);
                if (!Arrays.equals(payload, payload(n))) {
                    throw new TransactionSink.SinkException("payload of " + gtid + " differs", null);
                }
                gtids.add(gtid);
                bytes.addAndGet(payload.length);
            });
            return new Run(r, log.lines(), gtids, bytes.get());
        }
    }

    @Test
    void goodCredentialsOverVerifiedTlsStreamTheRange() throws Exception {
        store("rpl", GOOD);
        useTls(true);
        Run run = recover(List.of(donor.asDonor()));
        assertThat(run.result().outcome()).isEqualTo(RecoveryClient.Outcome.DONE);
        assertThat(run.gtids()).hasSize((int) RANGE.count()).startsWith(GROUP + ":1").endsWith(GROUP + ":3000");
        RecoveryStatus.Progress p = joiner.recovery.status().progress();
        assertThat(p.phase()).isEqualTo(RecoveryStatus.Phase.DONE);
        assertThat(p.transactionsDone()).isEqualTo(p.transactionsTotal()).isEqualTo(RANGE.count());
        assertThat(p.bytesDone()).isEqualTo(p.bytesTotal()).isEqualTo(run.bytes());
        assertThat(run.lines()).anyMatch(l -> l.contains("Distributed recovery progress: "))
                .anyMatch(l -> l.contains("Distributed recovery finished: 3000 transactions"));
        try (Connection c = joiner.root(); Statement s = c.createStatement()) {
            assertThat(CredentialStatementsTest.rows(s, "SELECT STATE, TRANSACTIONS_DONE, TRANSACTIONS_TOTAL FROM "
                    + "performance_schema.group_replication_recovery_progress")).containsExactly(List.of("DONE", "3000", "3000"));
            assertThat(CredentialStatementsTest.rows(s, "SELECT SERVICE_STATE, LAST_QUEUED_TRANSACTION FROM "
                    + "performance_schema.replication_connection_status WHERE CHANNEL_NAME = 'group_replication_recovery'"))
                    .containsExactly(List.of("OFF", GROUP + ":3000"));
        }
        assertThat(run.lines()).noneMatch(l -> l.contains(GOOD));
        assertThat(CredentialStatementsTest.filesContaining(joiner.datadir, GOOD)).isEmpty();
        assertThat(CredentialStatementsTest.filesContaining(donor.datadir, GOOD)).isEmpty();
    }

    @Test
    void startCredentialsTakePrecedenceAndAreForgotten() throws Exception {
        store("rpl", "Wrong-Pw-9");
        joiner.recovery.credentials().setStartCredentials("rpl", GOOD, "caching_sha2_password");
        assertThat(recover(List.of(donor.asDonor())).result().outcome()).isEqualTo(RecoveryClient.Outcome.DONE);
        joiner.recovery.credentials().clearStartCredentials();
        Run run = recover(List.of(donor.asDonor()));
        assertThat(run.result().outcome()).isEqualTo(RecoveryClient.Outcome.ERROR);
        assertThat(run.lines()).anyMatch(l -> l.contains("Access denied for user 'rpl'@'127.0.0.2' (using password: YES)"));
    }

    @Test
    void wrongPassword() throws Exception {
        store("rpl", "Wrong-Pw-9");
        failsWith(1045, "Access denied for user 'rpl'@'127.0.0.2' (using password: YES)", true, "Wrong-Pw-9");
    }

    @Test
    void missingPassword() throws Exception {
        try (Connection c = joiner.root(); Statement s = c.createStatement()) {
            s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl' FOR CHANNEL 'group_replication_recovery'");
        }
        failsWith(1045, "Access denied for user 'rpl'@'127.0.0.2' (using password: NO)", true, null);
    }

    @Test
    void noStoredCredentialsAtAll() throws Exception {
        failsWith(1045, "Access denied for user ''@'127.0.0.2' (using password: NO)", true, null);
    }

    @Test
    void userWithoutReplicationSlave() throws Exception {
        store("norepl", "NoRepl-pw-3");
        failsWith(1227, "Access denied; you need (at least one of) the REPLICATION SLAVE privilege(s) for this operation",
                false, "NoRepl-pw-3");
    }

    @Test
    void requireSslUserWithoutRecoveryTls() throws Exception {
        store("sslrpl", "Ssl-Pw-2x");
        failsWith(1045, "Access denied for user 'sslrpl'@'127.0.0.2' (using password: YES)", true, "Ssl-Pw-2x");
        useTls(false); // and with recovery_use_ssl=ON it works
        assertThat(recover(List.of(donor.asDonor())).result().outcome()).isEqualTo(RecoveryClient.Outcome.DONE);
    }

    @Test
    void badRecoverySslCaPath() throws Exception {
        store("rpl", GOOD);
        useTls(false);
        joiner.recoveryOptions.put("group_replication_recovery_ssl_ca", dir.resolve("no-such-ca.pem").toString());
        failsWith(2026, "SSL connection error: Failed to locate and verify ca_file: '" + dir.resolve("no-such-ca.pem"), false, GOOD);
    }

    @Test
    void donorCertificateNotNamingTheHostDialled() throws Exception {
        store("rpl", GOOD);
        useTls(true);
        // the donor's certificate names IP 127.0.0.1 only; dialled as "localhost" it must be refused
        Donor byName = new Donor(donor.asDonor().memberId(), "localhost", donor.server.port());
        try (LogCapture donorSide = LogCapture.open()) {
            Run run = recover(List.of(byName));
            assertFailed(run, 2026, "SSL connection error: Failed to verify the server certificate via X509 certificate "
                    + "matching functions (dialled localhost, the certificate names IP:127.0.0.1)", GOOD);
            // the donor's connection thread logs the refused handshake on its own time
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(donorSide.lines())
                    .anyMatch(l -> l.contains("[MY-010914] [Server] Aborted connection") && l.contains("TLS handshake failed")));
        }
    }

    @Test
    void retriesSwitchDonorsAndSleepBetweenRounds() throws Exception {
        store("rpl", GOOD);
        Donor dead = new Donor("dead-member", "127.0.0.3", 1); // nothing listens there
        joiner.recoveryOptions.put("group_replication_recovery_retry_count", "4");
        joiner.recoveryOptions.put("group_replication_recovery_reconnect_interval", "7");
        List<Duration> sleeps = new ArrayList<>();
        RecoveryClient client = new RecoveryClient(joiner.recovery.credentials(), new RecoveryStatus(), sleeps::add, new Random(1));
        try (LogCapture log = LogCapture.open()) {
            RecoveryClient.Result r = client.recover(List.of(dead), RANGE, joiner.settings(), (g, p) -> { });
            assertThat(r.outcome()).isEqualTo(RecoveryClient.Outcome.ERROR);
            assertThat(log.linesContaining(RecoveryLog.DONOR_SERVER_CONN)).hasSize(4);
            assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(7));
            assertOrder(log.lines());
        }
        sleeps.clear();
        RecoveryClient.Result r = client.recover(List.of(dead, donor.asDonor()), RANGE, joiner.settings(), (g, p) -> { });
        assertThat(r.outcome()).isEqualTo(RecoveryClient.Outcome.DONE);
        assertThat(r.donor()).isEqualTo(donor.asDonor());
        assertThat(sleeps).isEmpty(); // the second donor of the first round succeeded (or the first did)
    }

    @Test
    void aFailingApplierEndsRecoveryAtOnce() throws Exception {
        store("rpl", GOOD);
        AtomicLong seen = new AtomicLong();
        try (LogCapture log = LogCapture.open()) {
            RecoveryClient.Result r = joiner.recovery.recover(List.of(donor.asDonor()), RANGE, joiner.settings(), (g, p) -> {
                if (seen.incrementAndGet() == 10) {
                    throw new TransactionSink.SinkException("duplicate key in t1", null);
                }
            });
            assertThat(r.outcome()).isEqualTo(RecoveryClient.Outcome.ERROR);
            assertThat(seen.get()).isEqualTo(10);
            assertThat(log.lines()).anyMatch(l -> l.contains("Error while applying a transaction received by distributed "
                    + "recovery: duplicate key in t1")).anyMatch(l -> l.contains(RecoveryLog.FATAL))
                    .noneMatch(l -> l.contains(RecoveryLog.DONOR_SERVER_CONN));
        }
    }

    private void failsWith(int number, String message, boolean donorLogsLogin, String secret) throws Exception {
        Run run = recover(List.of(donor.asDonor()));
        assertFailed(run, number, message, secret);
        if (donorLogsLogin) {
            assertThat(run.lines()).anyMatch(l -> l.contains("[MY-010926] [Server] " + message));
        }
    }

    private void assertFailed(Run run, int number, String message, String secret) throws Exception {
        assertThat(run.result().outcome()).isEqualTo(RecoveryClient.Outcome.ERROR);
        assertOrder(run.lines());
        assertThat(run.lines()).anyMatch(l -> l.contains("[ERROR] [MY-010584] [Repl] Replica I/O for channel "
                + "'group_replication_recovery': error connecting to source") && l.contains(message));
        try (Connection c = joiner.root(); Statement s = c.createStatement()) {
            List<String> row = CredentialStatementsTest.rows(s, "SELECT LAST_ERROR_NUMBER, LAST_ERROR_MESSAGE, "
                    + "LAST_ERROR_TIMESTAMP FROM performance_schema.replication_connection_status").get(0);
            assertThat(row.get(0)).isEqualTo(Integer.toString(number));
            assertThat(row.get(1)).startsWith("error connecting to master '").contains(message);
            assertThat(row.get(2)).isNotNull();
            assertThat(CredentialStatementsTest.rows(s, "SELECT STATE FROM performance_schema.group_replication_recovery_progress"))
                    .containsExactly(List.of("ERROR"));
        }
        if (secret != null) {
            assertThat(run.lines()).noneMatch(l -> l.contains(secret));
            assertThat(joiner.recovery.status().lastErrorMessage()).doesNotContain(secret);
        }
    }

    /** MySQL's four lines, in this order, after the last failure. */
    private static void assertOrder(List<String> lines) {
        List<String> expected = List.of(RecoveryLog.DONOR_SERVER_CONN, RecoveryLog.CHECK_STATUS_TABLE,
                RecoveryLog.MAXIMUM_RETRIES, RecoveryLog.FATAL);
        int from = 0;
        int lastConn = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(RecoveryLog.DONOR_SERVER_CONN)) {
                lastConn = i;
            }
        }
        assertThat(lastConn).as("a donor connection error line").isGreaterThanOrEqualTo(0);
        from = lastConn;
        for (String e : expected) {
            int at = -1;
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).contains("[ERROR]") && lines.get(i).contains("Plugin group_replication reported: '" + e + "'")) {
                    at = i;
                    break;
                }
            }
            assertThat(at).as("line '%s' after line %d in %s", e, from, lines).isGreaterThanOrEqualTo(from);
            from = at + 1;
        }
    }
}
