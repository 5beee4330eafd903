package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Distributed recovery with real member processes (one cluster of three, reused phase after phase):
 * a joiner catches up on 100 000 rows from a donor, another while the group takes writes (START
 * credentials); failures end in ERROR with the spec's lines and the donor logs the failed login;
 * STOP forgets START credentials; a donor certificate that does not name the host dialled is refused under
 * recovery_ssl_verify_server_cert; stored credentials survive a restart and drive start on boot; a boot
 * with nothing stored says why; CHANGE with a disallowed option stores nothing; no password anywhere.
 */
class DistributedRecoveryProcessIT {
    static final String RPL_PASSWORD = "Rpl-Secret-4711";
    static final String WRONG_PASSWORD = "Wrong-Secret-9999";
    static final String NOPRIV_PASSWORD = "NoPriv-Secret-1234";
    static final String SSL_PASSWORD = "Ssl-Secret-5678";
    static final Duration WAIT = Duration.ofSeconds(120);
    /** For the live appliers to apply what the primary wrote during a recovery (one commit each, under load). */
    static final Duration CATCH_UP = Duration.ofSeconds(300);

    @Test
    void joinersRecoverFailuresEndInErrorCredentialsAndStartOnBoot() throws Exception {
        String group = UUID.randomUUID().toString();
        try (Cluster cluster = Cluster.create(3)) {
            startMembers(cluster, group, (i, m) -> {
                if (i < 2) {
                    // the donors' client-port certificates name another host than the one joiners dial (their
                    // IP, MEMBER_HOST): refused under recovery_ssl_verify_server_cert (phase 4), accepted without
                    m.clientCertificateNames("donor" + (i + 1) + ".elsewhere.invalid");
                }
                m.option("group_replication_single_primary_mode", "ON").option("group_replication_recovery_retry_count", "2");
            });
            MemberProcess donor = cluster.member(1);
            MemberProcess m2 = cluster.member(2);
            MemberProcess m3 = cluster.member(3);
            exec(donor, "START GROUP_REPLICATION", "SET GLOBAL group_replication_bootstrap_group = OFF",
                    "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(60))",
                    "CREATE USER rpl@'%' IDENTIFIED BY '" + RPL_PASSWORD + "'",
                    "GRANT REPLICATION SLAVE ON *.* TO rpl@'%'",
                    "CREATE USER nopriv@'%' IDENTIFIED BY '" + NOPRIV_PASSWORD + "'",
                    "CREATE USER sslrpl@'%' IDENTIFIED BY '" + SSL_PASSWORD + "' REQUIRE SSL",
                    "GRANT REPLICATION SLAVE ON *.* TO sslrpl@'%'");
            load(donor, 100_000);

            // 1. a joiner with stored credentials catches up on 100 000 rows
            exec(m2, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + RPL_PASSWORD
                    + "' FOR CHANNEL 'group_replication_recovery'", "START GROUP_REPLICATION");
            awaitState(m2, "ONLINE");
            awaitSame(donor, m2);
            assertThat(query(m2, "SELECT COUNT(*) FROM app.t")).containsExactly("100000");
            assertThat(m2.errorLogLines()).anyMatch(l -> l.contains("Distributed recovery finished"));
            List<String> progress = queryAll(m2, "SELECT STATE, TRANSACTIONS_DONE, TRANSACTIONS_TOTAL FROM performance_schema.group_replication_recovery_progress");
            assertThat(progress).hasSize(1);
            String[] p = progress.get(0).split("\\|");
            assertThat(p[0]).isEqualTo("DONE");
            assertThat(p[1]).isEqualTo(p[2]);
            assertThat(Long.parseLong(p[2])).isPositive();

            // 2. a joiner with START credentials while the group takes continuous writes
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writerError = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = donor.connectRoot(); Statement s = c.createStatement()) {
                    // bounded: the members' live appliers must catch up with all of it afterwards, on a loaded
                    // machine. Unpaced by default (-Djgr.it.writerPauseMs=N paces it): the joiner must catch up
                    // with the group's log while it grows (docs/group-log.md).
                    int iterations = 2_000;
                    long pauseMs = Long.getLong("jgr.it.writerPauseMs", 0);
                    for (int i = 1; i <= iterations && writing.get(); i++) {
                        s.execute("INSERT INTO app.t VALUES (" + (200_000 + i) + ", 'during-" + i + "')");
                        s.execute("UPDATE app.t SET v = 'upd-" + i + "' WHERE id = " + i);
                        if (pauseMs > 0) {
                            Thread.sleep(pauseMs);
                        }
                    }
                } catch (Throwable e) {
                    writerError.set(e);
                }
            });
            writer.start();
            exec(m3, "START GROUP_REPLICATION USER='rpl', PASSWORD='" + RPL_PASSWORD + "'");
            awaitState(m3, "ONLINE");
            writing.set(false);
            writer.join(120_000);
            assertThat(writerError.get()).isNull();
            awaitSame(donor, m3, CATCH_UP);
            awaitSame(donor, m2, CATCH_UP);
            // MEMBER_HOST:MEMBER_PORT of every member, the others' as they announced them
            assertThat(queryAll(donor, "SELECT MEMBER_HOST, MEMBER_PORT FROM performance_schema.replication_group_members"))
                    .containsExactlyInAnyOrderElementsOf(cluster.members().stream().map(m -> m.ip() + "|" + m.port() + "|").toList());

            // 3. STOP forgets the START credentials: a plain START finds nothing (m3 stored none) → ERROR
            exec(m3, "STOP GROUP_REPLICATION");
            start(m3);
            awaitState(m3, "ERROR");
            assertErrorLines(m3);
            awaitNotListed(donor, m3);
            await().atMost(WAIT).until(() -> donor.errorLogLines().stream().anyMatch(l ->
                    l.contains("Access denied for user ''@'" + m3.ip() + "'")));
            assertThat(query(m3, "SELECT @@super_read_only")).containsExactly("1");
            assertThat(query(m3, "SELECT LAST_ERROR_NUMBER FROM performance_schema.replication_connection_status")).containsExactly("1045");

            // 4. wrong password, user without REPLICATION SLAVE: ERROR, the spec's lines, the donor's reason
            failWith(m3, "rpl", WRONG_PASSWORD, donor, "Access denied for user 'rpl'@'" + m3.ip() + "' (using password: YES)");
            failWith(m3, "nopriv", NOPRIV_PASSWORD, donor, null);
            assertThat(query(m3, "SELECT LAST_ERROR_NUMBER FROM performance_schema.replication_connection_status")).containsExactly("1227");
            // a REQUIRE SSL account with recovery_use_ssl=OFF: refused at login, the donor logs it
            failWith(m3, "sslrpl", SSL_PASSWORD, donor, "Access denied for user 'sslrpl'@'" + m3.ip() + "'");
            // recovery TLS with a CA file that does not exist: 2026 on the joiner (no connection is made)
            exec(m3, "STOP GROUP_REPLICATION", "SET GLOBAL group_replication_recovery_use_ssl = ON",
                    "SET GLOBAL group_replication_recovery_ssl_ca = '/nonexistent/jgr-ca.pem'");
            failWith(m3, "rpl", RPL_PASSWORD, donor, null);
            assertThat(query(m3, "SELECT LAST_ERROR_NUMBER FROM performance_schema.replication_connection_status")).containsExactly("2026");
            // the donors' certificates do not name the host dialled: under verify_server_cert 2026 on the joiner,
            // the donor logs the aborted handshake; with the CA checked only, the same recovery succeeds
            exec(m3, "STOP GROUP_REPLICATION", "SET GLOBAL group_replication_recovery_ssl_ca = '" + cluster.pki().caPem() + "'",
                    "SET GLOBAL group_replication_recovery_ssl_verify_server_cert = ON");
            failWith(m3, "rpl", RPL_PASSWORD, donor, null);
            assertThat(query(m3, "SELECT LAST_ERROR_NUMBER FROM performance_schema.replication_connection_status")).containsExactly("2026");
            assertThat(query(m3, "SELECT LAST_ERROR_MESSAGE FROM performance_schema.replication_connection_status"))
                    .singleElement().asString().contains("SSL connection error: Failed to verify the server certificate")
                    .contains(".elsewhere.invalid");
            await().atMost(WAIT).until(() -> donor.errorLogLines().stream().anyMatch(l -> l.contains("[MY-010914] [Server] Aborted connection")
                    && l.contains("host: '" + m3.ip() + "'") && l.contains("TLS handshake failed")));
            exec(m3, "STOP GROUP_REPLICATION", "SET GLOBAL group_replication_recovery_ssl_verify_server_cert = OFF");
            start(m3);
            awaitState(m3, "ONLINE");
            exec(m3, "STOP GROUP_REPLICATION", "SET GLOBAL group_replication_recovery_use_ssl = OFF",
                    "SET GLOBAL group_replication_recovery_ssl_ca = ''");

            // 5. the CHANGE statement with a disallowed option stores nothing (3139)
            exec(m3, "STOP GROUP_REPLICATION", "RESET REPLICA ALL FOR CHANNEL 'group_replication_recovery'");
            assertThatThrownBy(() -> exec(m3, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + RPL_PASSWORD
                    + "', SOURCE_HOST='127.0.0.1' FOR CHANNEL 'group_replication_recovery'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3139));
            assertThat(query(m3, "SELECT USER FROM performance_schema.replication_connection_configuration"))
                    .allMatch(u -> u == null || u.isEmpty());

            // 6. restarts: stored credentials drive start on boot (m2); nothing stored → the spec's lines (m3)
            m2.option("group_replication_start_on_boot", "ON");
            m2.restart();
            awaitState(m2, "ONLINE");
            awaitSame(donor, m2);
            m3.option("group_replication_start_on_boot", "ON");
            m3.restart();
            await().atMost(WAIT).until(() -> m3.errorLogLines().stream().anyMatch(l -> l.contains("Unable to start Group Replication on boot")));
            assertThat(m3.errorLogLines()).anyMatch(l -> l.contains("no recovery credentials are stored for channel 'group_replication_recovery'"));
            assertThat(query(m3, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members")).containsExactly("OFFLINE");

            // 8. a transaction committed while no group replicates (super_read_only lifted by hand) gets this
            // server's GTID, and the member holding it is refused when it joins, as MySQL's is: START fails
            // with 3092, the member is OFFLINE with the read-only modes it had before START
            String uuid = query(m3, "SELECT @@server_uuid").get(0);
            // restarted, never started since: gtid_executed shows what its log holds of the group, as MySQL's does
            assertThat(query(m3, "SELECT @@gtid_executed").get(0)).startsWith(group + ":1-");
            exec(m3, "SET GLOBAL super_read_only = OFF", "CREATE DATABASE local_only");
            assertThat(query(m3, "SELECT @@gtid_executed").get(0)).contains(uuid + ":1");
            int before = m3.errorLogLines().size();
            assertThatThrownBy(() -> exec(m3, "START GROUP_REPLICATION USER='rpl', PASSWORD='" + RPL_PASSWORD + "'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3092));
            assertThat(query(m3, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members")).containsExactly("OFFLINE");
            assertThat(query(m3, "SELECT @@super_read_only")).containsExactly("0");
            // as MySQL's, the sets in the line are written with ",\n" between UUIDs
            String logged = String.join("\n", m3.errorLogLines().subList(before, m3.errorLogLines().size()));
            assertThat(logged).contains("This member has more executed transactions than those present in the group. Local transactions: ",
                    "The member contains transactions not present in the group. The member will now exit the group.");
            String local = logged.substring(logged.indexOf("Local transactions: "), logged.indexOf(" > Group transactions: "));
            String ofGroup = logged.substring(logged.indexOf(" > Group transactions: "), logged.indexOf("'", logged.indexOf(" > Group")));
            assertThat(local).contains(uuid + ":1");
            assertThat(ofGroup).doesNotContain(uuid);
            awaitNotListed(donor, m3);
            assertThat(query(donor, "SHOW DATABASES")).doesNotContain("local_only");

            // 7. no password in any log, table or datadir file, in clear
            for (MemberProcess m : cluster.members()) {
                for (String table : List.of("replication_connection_configuration", "replication_connection_status",
                        "group_replication_recovery_progress", "replication_group_members")) {
                    assertThat(String.join("\n", queryAll(m, "SELECT * FROM performance_schema." + table)))
                            .doesNotContain(RPL_PASSWORD, WRONG_PASSWORD, NOPRIV_PASSWORD, SSL_PASSWORD);
                }
                assertNowhere(m.dir(), RPL_PASSWORD, WRONG_PASSWORD, NOPRIV_PASSWORD, SSL_PASSWORD);
            }
        }
    }

    /**
     * Starts every member of {@code cluster} with the group plugin configured for {@code group} (member 1
     * bootstraps, start on boot OFF, fast failure detection); {@code extra} adds options per member (index
     * from 0) before it starts.
     */
    static void startMembers(Cluster cluster, String group, BiConsumer<Integer, MemberProcess> extra) {
        List<String> addresses = new ArrayList<>();
        for (MemberProcess m : cluster.members()) {
            addresses.add(m.ip() + ":" + GrNode.freePort(m.ip()));
        }
        for (int i = 0; i < cluster.members().size(); i++) {
            MemberProcess m = cluster.members().get(i);
            m.option("plugin_load_add", "group_replication.so")
                    .option("group_replication_group_name", group)
                    .option("group_replication_local_address", addresses.get(i))
                    .option("group_replication_group_seeds", String.join(",", addresses))
                    .option("group_replication_bootstrap_group", i == 0 ? "ON" : "OFF")
                    .option("group_replication_start_on_boot", "OFF")
                    .option("group_replication_recovery_reconnect_interval", "1")
                    .option("group_replication_member_expel_timeout", "1")
                    .jvmOption("-Djgr.gr.suspectTimeoutMs=1000").jvmOption("-Djgr.gr.verifyTimeoutMs=500");
            extra.accept(i, m);
            m.start();
        }
    }

    static void failWith(MemberProcess joiner, String user, String password, MemberProcess donor, String donorLine) throws Exception {
        exec(joiner, "STOP GROUP_REPLICATION", "CHANGE REPLICATION SOURCE TO SOURCE_USER='" + user + "', SOURCE_PASSWORD='" + password
                + "' FOR CHANNEL 'group_replication_recovery'");
        int before = joiner.errorLogLines().size();
        start(joiner);
        awaitState(joiner, "ERROR");
        assertErrorLines(joiner.errorLogLines().subList(before, joiner.errorLogLines().size()));
        awaitNotListed(donor, joiner);
        if (donorLine != null) {
            await().atMost(WAIT).until(() -> donor.errorLogLines().stream().anyMatch(l -> l.contains(donorLine)));
        }
    }

    /** A joiner whose recovery failed has left the group: the donor no longer lists it (MySQL's behaviour). */
    static void awaitNotListed(MemberProcess donor, MemberProcess joiner) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(query(donor,
                "SELECT MEMBER_HOST FROM performance_schema.replication_group_members")).doesNotContain(joiner.ip()));
    }

    /**
     * START GROUP_REPLICATION; a join that found no seed right after the previous STOP (3092: the group
     * engine's join timeout under load, not recovery) is tried again, at most three times.
     */
    static void start(MemberProcess m) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                exec(m, "START GROUP_REPLICATION");
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != 3092 || attempt >= 3) {
                    throw e;
                }
                Thread.sleep(2_000);
            }
        }
    }

    static void assertErrorLines(MemberProcess m) {
        assertErrorLines(m.errorLogLines());
    }

    /** The spec's lines, in order: connection error, check the table, maximum retries, fatal. */
    static void assertErrorLines(List<String> lines) {
        List<String> wanted = List.of("There was an error when connecting to the donor server.",
                "For details please check performance_schema.replication_connection_status table",
                "Maximum number of retries when trying to connect to a donor reached. Aborting group replication incremental recovery.",
                "Fatal error during the incremental recovery process of Group Replication. The server will leave the group.");
        int at = 0;
        for (String w : wanted) {
            while (at < lines.size() && !lines.get(at).contains(w)) {
                at++;
            }
            assertThat(at).as("line in order: " + w + "\n" + String.join("\n", lines)).isLessThan(lines.size());
        }
    }

    static void assertNowhere(Path dir, String... secrets) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertThat(text).as(f.toString()).doesNotContain(s);
                    assertThat(text).as(f + " (UTF-16)").doesNotContain(utf16(s));
                }
            }
        }
    }

    static String utf16(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1);
    }

    static void load(MemberProcess m, int rows) throws SQLException {
        try (Connection c = m.connectRoot(); Statement s = c.createStatement()) {
            int batch = 500;
            for (int from = 1; from <= rows; from += batch) {
                StringBuilder sql = new StringBuilder("INSERT INTO app.t VALUES ");
                for (int i = from; i < from + batch && i <= rows; i++) {
                    sql.append(i == from ? "" : ",").append('(').append(i).append(", 'row-").append(i).append("-payload')");
                }
                s.execute(sql.toString());
            }
        }
    }

    static void awaitState(MemberProcess m, String state) {
        await().atMost(WAIT).until(() -> query(m, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members "
                + "WHERE MEMBER_ID = @@server_uuid").equals(List.of(state)));
    }

    static void awaitSame(MemberProcess a, MemberProcess b) {
        awaitSame(a, b, WAIT);
    }

    static void awaitSame(MemberProcess a, MemberProcess b, Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofSeconds(1)).until(() ->
                    query(a, "SELECT @@gtid_executed").equals(query(b, "SELECT @@gtid_executed")) && checksum(a).equals(checksum(b)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(a.name() + " and " + b.name() + " did not converge: " + convergenceState(a) + " / "
                    + convergenceState(b), e);
        }
    }

    /** What a member holds and what its log says went wrong (for a convergence failure). */
    private static String convergenceState(MemberProcess m) {
        String state;
        try {
            state = "gtid_executed " + query(m, "SELECT @@gtid_executed") + ", checksum " + checksum(m) + ", rows "
                    + query(m, "SELECT COUNT(*) FROM app.t") + ", member "
                    + query(m, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@server_uuid")
                    + query(m, "SELECT MEMBER_ROLE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@server_uuid");
        } catch (Exception e) {
            state = "unreadable (" + e + ")";
        }
        List<String> problems = m.errorLogLines().stream()
                .filter(l -> l.contains("[ERROR]") || l.contains("[Warning]")).toList();
        return m.name() + " " + state + "; last log problems: "
                + problems.subList(Math.max(0, problems.size() - 8), problems.size());
    }

    /** SHA-256 over every row in primary-key order. */
    static String checksum(MemberProcess m) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (Connection c = m.connectRoot(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v FROM app.t ORDER BY id")) {
            while (rs.next()) {
                d.update((rs.getLong(1) + "=" + rs.getString(2) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static void exec(MemberProcess m, String... sql) throws SQLException {
        try (Connection c = m.connectRoot(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static List<String> query(MemberProcess m, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = m.connectRoot(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<String> queryAll(MemberProcess m, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = m.connectRoot(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
