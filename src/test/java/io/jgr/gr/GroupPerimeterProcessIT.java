package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.ClusterPki;
import io.jgr.testing.cluster.MemberProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The perimeter of issue 5 with real member processes driven through SQL, on one cluster reused by
 * every test (members 1–3 form the group; member 4 and a member on ::1 are the joiners): formation in
 * each of the four ssl modes, the four TLS refusals (mode mismatch, foreign CA, revoked certificate,
 * impostor under VERIFY_IDENTITY), the seed-family rule between ::1 and 127.0.0.x, and the seed's
 * STOP → SET whitelist → START procedure.
 *
 * <p>A joiner that must present another certificate on the group port takes it from the admin TLS set
 * ({@code group_replication_tls_source=MYSQL_ADMIN}), so its client port keeps its own valid certificate
 * and the test can still drive it over VERIFY_IDENTITY.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupPerimeterProcessIT {
    static final String ALLOWLIST = "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,::1";
    static final String JOIN_FAILED = "[GCS] Error connecting to all peers. Member join failed.";

    static Cluster cluster;
    static final List<String> addresses = new ArrayList<>();
    static Path crl;
    static ClusterPki.MemberCertificate revoked;
    static ClusterPki.MemberCertificate foreign;
    /** The group members 1..3 currently form, and in which mode; null before the first. */
    static String groupName;
    static String groupMode;
    static final List<MemberProcess> running = new ArrayList<>();

    @BeforeAll
    static void startMembers() {
        cluster = Cluster.create(4);
        revoked = cluster.pki().issue("revoked4", "127.0.0.4");
        crl = cluster.pki().revoke(revoked);
        // same CA name, different key: only the signature tells it apart
        foreign = new ClusterPki(cluster.base().resolve("foreign-pki")).issue("foreign4", "127.0.0.4");
        for (MemberProcess m : cluster.members()) {
            addresses.add(m.ip() + ":" + GrNode.freePort(m.ip()));
        }
        String seeds = String.join(",", addresses.subList(0, 3));
        for (int i = 0; i < 4; i++) {
            MemberProcess m = cluster.members().get(i);
            configure(m, UUID.randomUUID().toString(), addresses.get(i), seeds).option("ssl_crl", crl.toString());
            m.start();
        }
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static MemberProcess configure(MemberProcess m, String group, String localAddress, String seeds) {
        return m.option("plugin_load_add", "group_replication.so")
                .option("group_replication_group_name", group)
                .option("group_replication_local_address", localAddress)
                .option("group_replication_group_seeds", seeds)
                .option("group_replication_ip_allowlist", ALLOWLIST)
                .option("group_replication_ssl_mode", "DISABLED")
                .option("group_replication_bootstrap_group", "OFF")
                .option("group_replication_start_on_boot", "OFF");
    }

    @Test
    @Order(1)
    void threeMembersFormAGroupInEachSslMode() throws Exception {
        for (String mode : List.of("DISABLED", "VERIFY_CA", "VERIFY_IDENTITY", "REQUIRED")) {
            formGroup(mode);
            for (MemberProcess m : members(1, 3)) {
                assertThat(states(m)).as(mode + " on " + m.name()).containsExactly("ONLINE", "ONLINE", "ONLINE");
                String line = "Group communication SSL configuration: group_replication_ssl_mode: \"" + mode + "\"";
                assertThat(m.errorLogLines()).as(mode + " on " + m.name()).anyMatch(l -> l.contains(line));
                if (mode.equals("DISABLED")) {
                    assertThat(m.errorLogLines()).anyMatch(l -> l.contains("[GCS] SSL was not enabled"));
                }
            }
            System.out.println(mode + ": " + members(1, 3).get(0).errorLogLines().stream()
                    .filter(l -> l.contains("group_replication_ssl_mode: \"" + mode + "\"")).findFirst().orElseThrow());
        }
    }

    @Test
    @Order(2)
    void disabledJoinerAgainstRequiredGroupIsRefused() throws Exception {
        formGroup("REQUIRED");
        MemberProcess joiner = cluster.member(4);
        exec(joiner, "SET GLOBAL group_replication_group_name = '" + groupName + "'");
        exec(joiner, "SET GLOBAL group_replication_ssl_mode = 'DISABLED'");
        refused(joiner, "127.0.0.4", "");
    }

    @Test
    @Order(3)
    void foreignCaAndRevokedCertificateAreRefused() throws Exception {
        formGroup("VERIFY_IDENTITY");
        MemberProcess joiner = cluster.member(4);
        groupCertificate(joiner, foreign.certPem(), foreign.keyPem(), "VERIFY_CA");
        refused(joiner, "127.0.0.4", "does not chain with any of the trust anchors");

        groupCertificate(joiner, revoked.certPem(), revoked.keyPem(), "VERIFY_CA");
        refused(joiner, "127.0.0.4", "revoked");
    }

    @Test
    @Order(4)
    void impostorWithAnotherMembersCertificateIsRefusedUnderVerifyIdentity() throws Exception {
        formGroup("VERIFY_IDENTITY");
        MemberProcess impostor = cluster.member(3);
        exec(impostor, "STOP GROUP_REPLICATION");
        running.remove(impostor);
        for (MemberProcess m : members(1, 2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> states(m).size() == 2);
        }
        // 127.0.0.3 presents member 1's valid certificate (SAN 127.0.0.1), trusting the group's CA
        ClusterPki.MemberCertificate borrowed = cluster.member(1).certificate();
        groupCertificate(impostor, borrowed.certPem(), borrowed.keyPem(), "VERIFY_IDENTITY");
        refused(impostor, "127.0.0.3", "the client certificate does not name the source address");
    }

    /**
     * Spec §3.7: a joiner must have an address of the family its seeds advertise. jgr dials from the
     * local address's family, so a ::1 member and 127.0.0.x members cannot share one mesh; what the
     * spec prescribes is shown instead: a ::1 joiner against IPv4 seeds fails, an IPv4 joiner whose only
     * seed is IPv6 fails, and a joiner listing seeds of both families joins via the seed of its own
     * family (a second ::1 member via the ::1 seed, an IPv4 member via the IPv4 seed).
     */
    @Test
    @Order(5)
    void seedFamilyRuleBetweenIpv6AndIpv4Members() throws Exception {
        formGroup("VERIFY_IDENTITY");
        String v4Seeds = String.join(",", addresses.subList(0, 3));
        MemberProcess v6 = cluster.add("member6", "::1", false);
        int v6Port = GrNode.freePort("::1");
        String v6Address = "[::1]:" + v6Port;
        configure(v6, UUID.randomUUID().toString(), v6Address, v4Seeds).start();

        // a ::1 joiner against an IPv4-only seed list: refused before any connection
        assertStartFails(v6);
        // (jgr prints the local IPv6 address in Java's full form, [0:0:0:0:0:0:0:1])
        assertThat(v6.errorLogLines()).anyMatch(l -> l.contains("[GCS] None of the seeds " + v4Seeds
                + " is of the address family of the local address [") && l.contains("]:" + v6Port + ";"));
        printLines(v6, "None of the seeds");

        // ::1 works as a member address: it bootstraps a group of its own
        exec(v6, "SET GLOBAL group_replication_group_seeds = ''");
        exec(v6, "SET GLOBAL group_replication_bootstrap_group = ON");
        exec(v6, "START GROUP_REPLICATION");
        exec(v6, "SET GLOBAL group_replication_bootstrap_group = OFF");
        await().atMost(Duration.ofSeconds(60)).until(() -> states(v6).equals(List.of("ONLINE")));
        assertThat(GroupReplicationProcessIT.query(v6, "SELECT MEMBER_HOST FROM performance_schema.replication_group_members"))
                .containsExactly("::1");

        // a second ::1 member listing seeds of both families joins the ::1 group via the IPv6 seed
        MemberProcess v6b = cluster.add("member7", "::1", false);
        configure(v6b, v6GroupName(v6), "[::1]:" + GrNode.freePort("::1"), addresses.get(0) + "," + v6Address).start();
        exec(v6b, "START GROUP_REPLICATION");
        for (MemberProcess m : List.of(v6, v6b)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> states(m).equals(List.of("ONLINE", "ONLINE")));
        }
        assertThat(GroupReplicationProcessIT.query(v6b, "SELECT MEMBER_HOST FROM performance_schema.replication_group_members"))
                .containsExactly("::1", "::1");

        // an IPv4 member whose only seed is the ::1 member: refused by the family rule
        MemberProcess v4 = cluster.member(4);
        groupCertificate(v4, null, null, "VERIFY_IDENTITY");
        exec(v4, "SET GLOBAL group_replication_group_name = '" + groupName + "'");
        exec(v4, "SET GLOBAL group_replication_group_seeds = '" + v6Address + "'");
        assertStartFails(v4);
        assertThat(v4.errorLogLines()).anyMatch(l -> l.contains("[GCS] None of the seeds " + v6Address
                + " is of the address family of the local address " + addresses.get(3)));

        // seeds of both families: the IPv4 seed is used and it joins the IPv4 group
        int before = states(cluster.member(1)).size();
        exec(v4, "SET GLOBAL group_replication_group_seeds = '" + v6Address + "," + addresses.get(0) + "'");
        exec(v4, "START GROUP_REPLICATION");
        running.add(v4);
        for (MemberProcess m : List.of(cluster.member(1), v4)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> states(m).size() == before + 1
                    && states(m).stream().allMatch("ONLINE"::equals));
        }
        assertThat(states(v6)).containsExactly("ONLINE", "ONLINE");
    }

    /** The seed's procedure on a running member: STOP, SET the deprecated whitelist, START — 1287 both times. */
    @Test
    @Order(6)
    void seedProcedureStopSetWhitelistStart() throws Exception {
        formGroup("VERIFY_IDENTITY");
        MemberProcess observer = cluster.member(1);
        MemberProcess m = cluster.member(2);
        int size = states(observer).size();
        exec(m, "STOP GROUP_REPLICATION");
        await().atMost(Duration.ofSeconds(30)).until(() -> states(observer).size() == size - 1);
        int logged = m.errorLogLines().size();
        String list = "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4";
        try (Connection c = m.connectRoot(); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL group_replication_ip_allowlist = 'AUTOMATIC'");
            s.execute("SET GLOBAL group_replication_ip_whitelist = \"" + list + "\"");
            assertDeprecated(s.getWarnings());
            s.execute("START GROUP_REPLICATION");
            assertDeprecated(s.getWarnings());
        }
        assertThat(newLines(m, logged)).anyMatch(l -> l.contains("Initialized group communication with configuration")
                && l.contains("group_replication_ip_allowlist: '" + list + "'"));
        for (MemberProcess member : List.of(observer, m)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> states(member).size() == size
                    && states(member).stream().allMatch("ONLINE"::equals));
        }
    }

    static void assertDeprecated(SQLWarning warning) {
        assertThat((Object) warning).as("a warning").isNotNull();
        assertThat(warning.getErrorCode()).isEqualTo(1287);
        assertThat(warning.getMessage()).isEqualTo(GroupPerimeterTest.DEPRECATION);
        assertThat((Object) warning.getNextWarning()).as("only one warning").isNull();
    }

    static String v6GroupName(MemberProcess m) throws SQLException {
        return GroupReplicationProcessIT.query(m, "SELECT @@group_replication_group_name").get(0);
    }

    /**
     * A group in {@code mode}: if none runs in that mode, members 1..3 form one under a fresh group name
     * (all STOP first); if one does, it is kept with whoever is in it now.
     */
    static void formGroup(String mode) throws Exception {
        List<MemberProcess> three = members(1, 3);
        if (mode.equals(groupMode) && !running.isEmpty()) {
            return; // the group is already running in this mode (with whoever is in it now)
        }
        List<MemberProcess> stopping = new ArrayList<>(running);
        Collections.reverse(stopping);
        for (MemberProcess m : stopping) {
            exec(m, "STOP GROUP_REPLICATION");
        }
        running.clear();
        groupName = UUID.randomUUID().toString();
        groupMode = mode;
        for (MemberProcess m : three) {
            exec(m, "SET GLOBAL group_replication_group_name = '" + groupName + "'");
            exec(m, "SET GLOBAL group_replication_ssl_mode = '" + mode + "'");
        }
        exec(three.get(0), "SET GLOBAL group_replication_bootstrap_group = ON");
        exec(three.get(0), "START GROUP_REPLICATION");
        exec(three.get(0), "SET GLOBAL group_replication_bootstrap_group = OFF");
        running.add(three.get(0));
        for (MemberProcess m : three.subList(1, 3)) {
            exec(m, "START GROUP_REPLICATION");
            running.add(m);
        }
        for (MemberProcess m : three) {
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> states(m).equals(List.of("ONLINE", "ONLINE", "ONLINE")));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the group did not form in " + mode + ": " + whyNot(three), e);
            }
        }
    }

    /** Each member's view of the group and the end of its error log (the run removes the datadirs). */
    private static String whyNot(List<MemberProcess> members) {
        StringBuilder why = new StringBuilder();
        for (MemberProcess m : members) {
            String seen;
            try {
                seen = String.valueOf(states(m));
            } catch (SQLException e) {
                seen = "no answer (" + e.getMessage() + ")";
            }
            why.append("\n").append(m.name()).append(" sees ").append(seen).append("; its error log ends:\n")
                    .append(m.errorLogTail(40));
        }
        return why.toString();
    }

    /**
     * Restarts {@code m} presenting {@code cert}/{@code key} on the group port (null: back to its own
     * certificate through the main set) in {@code mode}, trusting the group's CA and CRL.
     */
    static void groupCertificate(MemberProcess m, Path cert, Path key, String mode) {
        boolean admin = cert != null;
        m.option("group_replication_tls_source", admin ? "MYSQL_ADMIN" : null)
                .option("admin_ssl_cert", admin ? cert.toString() : null)
                .option("admin_ssl_key", admin ? key.toString() : null)
                .option("admin_ssl_ca", admin ? cluster.pki().caPem().toString() : null)
                .option("admin_ssl_crl", admin ? crl.toString() : null)
                .option("group_replication_group_name", groupName)
                .option("group_replication_ssl_mode", mode);
        m.restart();
    }

    /**
     * START on {@code joiner} fails with 3092, the group is unchanged, and an acceptor's handshake line
     * names the joiner's address and {@code reason}.
     */
    static void refused(MemberProcess joiner, String joinerIp, String reason) throws Exception {
        List<List<String>> before = new ArrayList<>();
        List<Integer> logged = new ArrayList<>();
        for (MemberProcess m : running) {
            before.add(states(m));
            logged.add(m.errorLogLines().size());
        }
        int joinerLogged = joiner.errorLogLines().size();
        assertStartFails(joiner);
        assertThat(newLines(joiner, joinerLogged)).anyMatch(l -> l.contains(JOIN_FAILED));
        assertThat(states(joiner)).containsExactly("OFFLINE");
        for (int i = 0; i < running.size(); i++) {
            assertThat(states(running.get(i))).as(running.get(i).name()).isEqualTo(before.get(i))
                    .allMatch("ONLINE"::equals);
        }
        Pattern line = Pattern.compile("TLS handshake with the connection from IP address (::ffff:)?"
                + Pattern.quote(joinerIp) + " failed: .*" + Pattern.quote(reason) + ".*Connection refused\\.");
        List<String> said = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            newLines(running.get(i), logged.get(i)).stream().filter(l -> line.matcher(l).find()).forEach(said::add);
        }
        assertThat(said).as("an acceptor says why (" + reason + ")").isNotEmpty();
        System.out.println(joiner.name() + " refused: " + said.get(said.size() - 1));
    }

    static List<String> newLines(MemberProcess m, int from) {
        List<String> lines = m.errorLogLines();
        return lines.subList(Math.min(from, lines.size()), lines.size());
    }

    static void assertStartFails(MemberProcess m) {
        assertThatThrownBy(() -> exec(m, "START GROUP_REPLICATION"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3092));
    }

    static List<MemberProcess> members(int from, int to) {
        return cluster.members().subList(from - 1, to);
    }

    static List<String> states(MemberProcess m) throws SQLException {
        return GroupReplicationProcessIT.query(m, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members");
    }

    static void exec(MemberProcess m, String sql) throws SQLException {
        GroupReplicationProcessIT.exec(m, sql);
    }

    static void printLines(MemberProcess m, String text) {
        m.errorLogLines().stream().filter(l -> l.contains(text)).forEach(System.out::println);
    }
}
