package io.jgr.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.ExternalTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The README's main job end to end on a fresh directory: {@code bin/jgr sandbox deploy}, then, on
 * the same sandbox (to keep the test time moderate), the mariadb client over verified TLS, the
 * "already exists" answer, {@code allowlist set} (dry run, then live), {@code tls rotate --ca}
 * under a write load, the status verdicts with one and then two members killed, {@code sandbox
 * stop}, the three pre-flight failures, {@code sandbox start}, and {@code destroy} (always).
 */
class SandboxIT {
    private static final Path JGR = Path.of("bin/jgr").toAbsolutePath();

    @Test
    void mainJobEndToEnd() throws Exception {
        ExternalTools.require("mariadb");
        ExternalTools.require("openssl");
        Path dir = Files.createTempDirectory("jgr-sandbox-it").resolve("sb");
        int base = freeBasePort();
        try {
            long t0 = System.nanoTime();
            ExternalTools.Outcome deploy = jgr(Duration.ofSeconds(180), "sandbox", "deploy", "--dir", dir.toString(), "--base-port", Integer.toString(base));
            System.out.printf("SandboxIT: `bin/jgr sandbox deploy` took %.1f s (including the launcher's JVM start)%n", (System.nanoTime() - t0) / 1e9);
            System.out.println(deploy.stdout());
            assertThat(deploy.exit()).as(deploy.stderr()).isZero();
            assertThat(deploy.stdout().lines().filter(l -> l.matches(".*127\\.0\\.0\\.[123]:" + (base / 10) + "\\d* +ONLINE .*")).count()).isEqualTo(3);
            assertThat(deploy.stdout()).contains("Group is ONLINE and can tolerate up to ONE failure.",
                    "--ssl-verify-server-cert", "jdbc:mysql://127.0.0.1:" + (base + 1));
            SandboxLayout layout = SandboxLayout.load(dir);
            assertThat(Files.getPosixFilePermissions(layout.credentials())).hasSize(2);   // rw-------
            assertThat(Files.getPosixFilePermissions(layout.member(1).keyPem())).hasSize(2);
            assertThat(Files.getPosixFilePermissions(layout.caKeyPem())).hasSize(2);
            assertThat(Files.readString(layout.member(1).optionsFile())).contains("group_replication_ip_allowlist = 127.0.0.1,127.0.0.2,127.0.0.3")
                    .doesNotContain("password");

            mariadbOverVerifiedTls(layout);
            redeployChangesNothing(dir, layout);
            allowlistSet(dir, layout);
            tlsRotateUnderLoad(dir, layout);
            verdictsWhenMembersDie(dir, layout);

            ExternalTools.Outcome stop = jgr(Duration.ofSeconds(120), "sandbox", "stop", "--dir", dir.toString());
            assertThat(stop.exit()).as(stop.stderr()).isZero();
            preflightFailures(dir, layout);

            ExternalTools.Outcome start = jgr(Duration.ofSeconds(180), "sandbox", "start", "--dir", dir.toString());
            System.out.println(start.stdout());
            assertThat(start.exit()).as(start.stderr()).isZero();
            assertThat(start.stdout()).contains("Group is ONLINE and can tolerate up to ONE failure.");
            writesAfterTheGroupWasBootstrappedAgain(layout);
        } catch (AssertionError | Exception e) {
            printMemberLogs(dir);
            throw e;
        } finally {
            ExternalTools.Outcome destroy = jgr(Duration.ofSeconds(60), "sandbox", "destroy", "--dir", dir.toString());
            assertThat(destroy.exit()).as(destroy.stderr()).isZero();
            assertThat(dir).doesNotExist();
            Files.deleteIfExists(dir.getParent());
        }
    }

    private static void mariadbOverVerifiedTls(SandboxLayout layout) throws Exception {
        SandboxMember m1 = layout.member(1);
        String password = new String(MemberSql.readPassword(layout.credentials()));
        ExternalTools.Outcome tls = ExternalTools.run(List.of("mariadb", "--no-defaults", "-h" + m1.address(), "-P" + m1.sqlPort(),
                "-uroot", "-p" + password, "--ssl-ca=" + layout.caPem(), "--ssl-verify-server-cert", "--batch", "-N",
                "-e", "SELECT MEMBER_STATE FROM performance_schema.replication_group_members"), null);
        assertThat(tls.exit()).as(tls.stderr()).isZero();
        assertThat(tls.stdout().lines().filter("ONLINE"::equals).count()).isEqualTo(3);
        ExternalTools.Outcome viaFile = ExternalTools.run(List.of("mariadb", "--defaults-extra-file=" + layout.credentials(),
                "-h" + m1.address(), "-P" + m1.sqlPort(), "--batch", "-N", "-e", "SELECT CURRENT_USER()"), null);
        assertThat(viaFile.exit()).as(viaFile.stderr()).isZero();
        assertThat(viaFile.stdout()).contains("root@");
        ExternalTools.Outcome logs = ExternalTools.run(List.of("mariadb", "--defaults-extra-file=" + layout.credentials(),
                "-h" + m1.address(), "-P" + m1.sqlPort(), "--batch", "-N", "-e", "SHOW BINARY LOGS"), null);
        assertThat(logs.exit()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).startsWith("jgr-txlog.000001\t").contains("\tNo"); // the transaction log's files
        ExternalTools.Outcome plain = ExternalTools.run(List.of("mariadb", "--no-defaults", "-h" + m1.address(), "-P" + m1.sqlPort(),
                "-uroot", "-p" + password, "--skip-ssl", "-e", "SELECT 1"), null);
        assertThat(plain.exit()).isNotZero();   // require_secure_transport=ON
        assertThat(plain.stdout() + plain.stderr()).doesNotContain(password);
    }

    private static void redeployChangesNothing(Path dir, SandboxLayout layout) throws Exception {
        String before = Files.readString(layout.credentials());
        ExternalTools.Outcome again = jgr(Duration.ofSeconds(60), "sandbox", "deploy", "--dir", dir.toString());
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.stdout()).contains("A sandbox already exists in", "nothing changed");
        assertThat(Files.readString(layout.credentials())).isEqualTo(before);
    }

    private static void allowlistSet(Path dir, SandboxLayout layout) throws Exception {
        ExternalTools.Outcome dry = jgr(Duration.ofSeconds(60), "allowlist", "set", "--dir", dir.toString(),
                "--group", "127.0.0.1,127.0.0.2", "--dry-run");
        System.out.println(dry.stdout());
        assertThat(dry.exit()).isEqualTo(4);
        assertThat(dry.stdout()).contains("WOULD SHUT OUT 127.0.0.3", "current member (ONLINE)",
                "group_replication_local_address " + layout.member(3).localAddress(), "Dry run: nothing changed.");
        assertThat(allowlists(layout)).containsOnly("127.0.0.1,127.0.0.2,127.0.0.3");
        ExternalTools.Outcome invalid = jgr(Duration.ofSeconds(60), "allowlist", "set", "--dir", dir.toString(), "--group", "127.0.0.1/40", "--dry-run");
        assertThat(invalid.stdout()).contains("ERROR 3092", "Nothing changed.");

        ExternalTools.Outcome set = jgr(Duration.ofSeconds(60), "allowlist", "set", "--dir", dir.toString(), "--group", "127.0.0.0/29");
        assertThat(set.exit()).as(set.stdout() + set.stderr()).isZero();
        assertThat(allowlists(layout)).containsExactly("127.0.0.0/29", "127.0.0.0/29", "127.0.0.0/29");
        assertThat(Files.readString(layout.member(2).optionsFile())).contains("group_replication_ip_allowlist = 127.0.0.0/29");
    }

    /**
     * After `sandbox start` bootstrapped the group again (a new group log over the members' data): a write on
     * the primary commits at once and reaches the others with the next GTID (until session 26 such writes
     * got GTIDs the members held already and waited a minute at COMMIT for 3100).
     */
    private static void writesAfterTheGroupWasBootstrappedAgain(SandboxLayout layout) throws Exception {
        MemberSql sql = MemberSql.sandboxRoot(layout);
        String before;
        try (Connection c = sql.connect(layout.member(1))) {
            before = MemberSql.scalar(c, "SELECT @@GLOBAL.gtid_executed");
        }
        sql.execute(layout.member(1), "CREATE DATABASE after_restart", "CREATE TABLE after_restart.t (id INT PRIMARY KEY)",
                "INSERT INTO after_restart.t VALUES (1)");
        for (SandboxMember m : layout.members()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String rows = "";
            while (System.nanoTime() < deadline && !rows.equals("1")) {
                try (Connection c = sql.connect(m)) {
                    rows = MemberSql.scalar(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'after_restart'")
                            .equals("1") ? MemberSql.scalar(c, "SELECT COUNT(*) FROM after_restart.t") : "";
                }
                Thread.sleep(200);
            }
            assertThat(rows).as(m.name() + " holds the write made after the restart").isEqualTo("1");
        }
        try (Connection c = sql.connect(layout.member(1))) {
            assertThat(MemberSql.scalar(c, "SELECT @@GLOBAL.gtid_executed")).as("the GTIDs go on from " + before).isNotEqualTo(before);
        }
    }

    private static List<String> allowlists(SandboxLayout layout) throws Exception {
        MemberSql sql = MemberSql.sandboxRoot(layout);
        List<String> values = new ArrayList<>();
        for (SandboxMember m : layout.members()) {
            try (Connection c = sql.connect(m)) {
                values.add(MemberSql.scalar(c, "SELECT @@GLOBAL.group_replication_ip_allowlist"));
            }
        }
        return values;
    }

    private static void tlsRotateUnderLoad(Path dir, SandboxLayout layout) throws Exception {
        MemberSql sql = MemberSql.sandboxRoot(layout);
        sql.execute(layout.member(1), "CREATE DATABASE rotation", "CREATE TABLE rotation.t (id INT PRIMARY KEY, w INT, v VARCHAR(40))");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> writers = new ArrayList<>();
        long loadLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int w = 0; w < 3; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                try (Connection c = sql.connect(layout.member(1)); Statement s = c.createStatement()) {
                    for (int i = 0; !stop.get() && System.nanoTime() < loadLimit; i++) {
                        try {
                            s.executeUpdate("INSERT INTO rotation.t VALUES (" + (writer * 1_000_000 + i) + ", " + writer + ", 'row')");
                            committed.incrementAndGet();
                            Thread.sleep(5);   // a small load: ~150 transactions/s per writer at most
                        } catch (SQLException e) {
                            failures.add(e.getErrorCode() + " " + e.getMessage());
                        }
                    }
                } catch (SQLException e) {
                    failures.add("connect: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
        }
        try {
            Thread.sleep(500);
            ExternalTools.Outcome rotate = jgr(Duration.ofSeconds(120), "tls", "rotate", "--ca", "--dir", dir.toString());
            System.out.println(rotate.stdout());
            Thread.sleep(500);
            stop.set(true);
            for (Future<?> f : writers) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(rotate.exit()).as(rotate.stdout() + rotate.stderr()).isZero();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        System.out.printf("SandboxIT: %d transactions committed on member1 during tls rotate --ca, %d failed%n", committed.get(), failures.size());
        assertThat(failures).isEmpty();
        assertThat(committed.get()).isPositive();
        for (SandboxMember m : layout.members()) {
            String fileSerial = serial(ExternalTools.run(List.of("openssl", "x509", "-noout", "-serial", "-in", m.certPem().toString()), null).stdout());
            String served = "";
            for (int attempt = 0; attempt < 20 && served.isEmpty(); attempt++) {   // bounded: a busy member may be slow to answer
                served = serial(ExternalTools.run(List.of("sh", "-c", "timeout 20 openssl s_client -starttls mysql -connect " + m.sqlEndpoint()
                        + " </dev/null 2>/dev/null | openssl x509 -noout -serial"), null, Duration.ofSeconds(30)).stdout());
                if (served.isEmpty()) {
                    Thread.sleep(1000);
                }
            }
            assertThat(served).as(m.name() + " serves the new certificate").isEqualTo(fileSerial).isNotEmpty();
        }
        try (Connection c = sql.connect(layout.member(1))) {   // the trust store now holds the new CA only
            assertThat(MemberSql.scalar(c, "SELECT COUNT(*) FROM rotation.t")).isEqualTo(Integer.toString(committed.get()));
        }
        ExternalTools.Outcome status = jgr(Duration.ofSeconds(60), "status", "--dir", dir.toString());
        assertThat(status.stdout()).contains("Group is ONLINE and can tolerate up to ONE failure.");
    }

    private static void printMemberLogs(Path dir) {
        try {
            for (SandboxMember m : SandboxLayout.load(dir).members()) {
                for (Path log : List.of(m.errorLog(), m.datadir().resolve("stderr.txt"))) {
                    if (Files.exists(log)) {
                        List<String> lines = Files.readAllLines(log);
                        System.out.println("---- " + log + " (last 15 lines)");
                        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
                    }
                }
            }
        } catch (IOException e) {
            System.out.println("cannot print the member logs: " + e.getMessage());
        }
    }

    private static String serial(String opensslOutput) {
        return opensslOutput.strip().replaceFirst("^serial=", "");
    }

    private static void verdictsWhenMembersDie(Path dir, SandboxLayout layout) throws Exception {
        MemberProcesses.running(layout.member(3)).orElseThrow().destroyForcibly();
        awaitVerdict(layout, v -> v.startsWith("Group is ONLINE but cannot tolerate any failure."));
        ExternalTools.Outcome one = jgr(Duration.ofSeconds(60), "status", "--dir", dir.toString());
        System.out.println(one.stdout());
        assertThat(one.exit()).isZero();
        assertThat(one.stdout()).contains("Group is ONLINE but cannot tolerate any failure.");

        MemberProcesses.running(layout.member(2)).orElseThrow().destroyForcibly();
        awaitVerdict(layout, v -> v.startsWith("Group has no quorum"));
        ExternalTools.Outcome minority = jgr(Duration.ofSeconds(60), "status", "--dir", dir.toString(), "--json");
        System.out.println(minority.stdout());
        assertThat(minority.exit()).isEqualTo(2);
        assertThat(minority.stdout()).contains("\"quorum\":false",
                "Group has no quorum as seen from " + layout.member(1).sqlEndpoint());
    }

    private static void awaitVerdict(SandboxLayout layout, Predicate<String> wanted) throws Exception {
        String verdict = null;
        for (int i = 0; i < 120; i++) {
            try {
                verdict = SandboxStatus.read(layout).verdict();
                if (wanted.test(verdict)) {
                    return;
                }
            } catch (SQLException e) {
                verdict = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("verdict never came; last: " + verdict);
    }

    private static void preflightFailures(Path dir, SandboxLayout layout) throws Exception {
        SandboxMember m1 = layout.member(1);
        SandboxMember m2 = layout.member(2);
        SandboxMember m3 = layout.member(3);
        // 1. member3's local address outside member1's allowlist
        expectCheck(dir, m1.optionsFile(), "group_replication_ip_allowlist", "127.0.0.1,127.0.0.2",
                "member3's group_replication_local_address " + m3.localAddress()
                        + " is not admitted by member1's group_replication_ip_allowlist '127.0.0.1,127.0.0.2': add 127.0.0.3 to group_replication_ip_allowlist on member1");
        // 2. member2's certificate names another address than its seed entry
        Path cert = m2.certPem();
        byte[] original = Files.readAllBytes(cert);
        Files.copy(m1.certPem(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            ExternalTools.Outcome check = jgr(Duration.ofSeconds(60), "sandbox", "check", "--dir", dir.toString());
            assertThat(check.exit()).isEqualTo(1);
            assertThat(check.stdout()).contains("seed " + m2.localAddress() + " in group_replication_group_seeds is member2, whose certificate (ssl_cert = "
                    + cert + ") names [127.0.0.1, localhost] but not 127.0.0.2: issue ssl_cert for member2 with an IP SAN 127.0.0.2");
            ExternalTools.Outcome start = jgr(Duration.ofSeconds(60), "sandbox", "start", "--dir", dir.toString());
            assertThat(start.exit()).isEqualTo(1);
            assertThat(start.stderr()).contains("pre-flight checks failed", "ssl_cert");
            assertThat(MemberProcesses.running(m1)).isEmpty();   // nothing was started
        } finally {
            Files.write(cert, original);
        }
        // 3. one member with another ssl_mode
        expectCheck(dir, m3.optionsFile(), "group_replication_ssl_mode", "DISABLED",
                "group_replication_ssl_mode differs across members (VERIFY_IDENTITY: member1, member2; DISABLED: member3): set the same group_replication_ssl_mode on every member");
        ExternalTools.Outcome ok = jgr(Duration.ofSeconds(60), "sandbox", "check", "--dir", dir.toString());
        assertThat(ok.exit()).as(ok.stdout()).isZero();
    }

    private static void expectCheck(Path dir, Path options, String variable, String value, String message) throws Exception {
        String original = Files.readString(options);
        Files.writeString(options, MemberOptions.replace(original, variable, value));
        try {
            ExternalTools.Outcome check = jgr(Duration.ofSeconds(60), "sandbox", "check", "--dir", dir.toString());
            System.out.println(check.stdout());
            assertThat(check.exit()).isEqualTo(1);
            assertThat(check.stdout()).contains("FAIL " + message);
        } finally {
            Files.writeString(options, original);
        }
    }

    private static ExternalTools.Outcome jgr(Duration limit, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(JGR.toString()));
        cmd.addAll(List.of(args));
        return ExternalTools.run(cmd, null, limit);
    }

    /** A base port whose SQL and group ports are free on 127.0.0.1..3 (bounded tries). */
    private static int freeBasePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + random.nextInt(20_000) / 10 * 10;
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("no free base port after 50 tries");
    }

    private static boolean allFree(int base) {
        for (int i = 1; i <= 3; i++) {
            for (int port : new int[] {base + i, base + SandboxLayout.GROUP_PORT_OFFSET + i}) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("127.0.0." + i, port));
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
