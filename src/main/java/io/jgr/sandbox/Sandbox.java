package io.jgr.sandbox;

import io.jgr.pki.CertificateAuthority;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A local secure group: deploy (PKI, options files, members, recovery account, bootstrap + joins),
 * stop, start, destroy. The root password is the operator's and lives only in
 * {@code credentials.cnf} (0600); the recovery account's password is generated for each START,
 * set with {@code ALTER USER} on every member and given at {@code START GROUP_REPLICATION} — never
 * written anywhere.
 */
public final class Sandbox {
    public static final String RECOVERY_USER = "jgr_recovery";
    /** Recovery connects from the members' addresses only. */
    public static final String RECOVERY_HOST = "127.0.0.%";
    static final long ONLINE_LIMIT_MS = 60_000;

    private final SandboxLayout layout;
    private final PrintWriter out;

    public Sandbox(SandboxLayout layout, PrintWriter out) {
        this.layout = layout;
        this.out = out;
    }

    public SandboxLayout layout() {
        return layout;
    }

    /** Writes everything and starts the group. The caller has checked that no sandbox exists there. */
    public void deploy() throws IOException, SQLException {
        Files.createDirectories(layout.dir());
        Files.setPosixFilePermissions(layout.dir(), PosixFilePermissions.fromString("rwx------"));
        layout.save();
        CertificateAuthority ca = SandboxPki.newCa();
        SandboxPki.writeCaKey(layout, ca);
        SandboxPki.writeTrusted(layout, List.of(ca.certificate()));
        for (SandboxMember m : layout.members()) {
            SandboxPki.issueMember(ca, m);
            Files.createDirectories(m.datadir());
            Secrets.writeAtomically(m.optionsFile(), MemberOptions.render(layout, m, layout.allowlist()));
        }
        char[] root = Secrets.password(20);
        Secrets.writeOwnerOnly(layout.credentials(), credentialsText(root));
        Arrays.fill(root, '\0');
        out.printf("Wrote a CA, %d member certificates (IP SANs), options files and %s (0600) in %s%n",
                layout.memberCount(), layout.credentials().getFileName(), layout.dir());
        preflight();
        MemberProcesses.installRuntime(layout);
        startProcesses();
        MemberSql sql = MemberSql.sandboxRoot(layout);
        char[] recovery = Secrets.password(24);
        try {
            for (SandboxMember m : layout.members()) {
                // On every member, not replicated (sql_log_bin=0): MySQL's documented procedure, and the
                // account must exist on a joiner's donor before any data has been replicated.
                sql.execute(m, "SET SESSION sql_log_bin = 0",
                        "CREATE USER '" + RECOVERY_USER + "'@'" + RECOVERY_HOST + "' IDENTIFIED BY '" + new String(recovery) + "' REQUIRE SSL",
                        "GRANT REPLICATION SLAVE ON *.* TO '" + RECOVERY_USER + "'@'" + RECOVERY_HOST + "'",
                        "SET SESSION sql_log_bin = 1");
            }
            out.printf("Created the recovery account '%s'@'%s' (REPLICATION SLAVE, REQUIRE SSL) on every member%n",
                    RECOVERY_USER, RECOVERY_HOST);
            startGroup(sql, recovery);
        } finally {
            Arrays.fill(recovery, '\0');
        }
    }

    /** Brings stopped members back, and the group with them (bootstrapped again if no member is ONLINE). */
    public void start() throws IOException, SQLException {
        preflight();
        if (layout.members().stream().allMatch(m -> MemberProcesses.running(m).isEmpty())) {
            MemberProcesses.installRuntime(layout);   // nothing runs from it: take the current build
        }
        startProcesses();
        MemberSql sql = MemberSql.sandboxRoot(layout);
        char[] recovery = Secrets.password(24);
        try {
            for (SandboxMember m : layout.members()) {
                sql.execute(m, "SET SESSION sql_log_bin = 0",
                        "ALTER USER '" + RECOVERY_USER + "'@'" + RECOVERY_HOST + "' IDENTIFIED BY '" + new String(recovery) + "'",
                        "SET SESSION sql_log_bin = 1");
            }
            startGroup(sql, recovery);
        } finally {
            Arrays.fill(recovery, '\0');
        }
    }

    /** SIGTERM to each member, last first (the first keeps the majority until the end). */
    public void stop() {
        List<SandboxMember> members = new ArrayList<>(layout.members());
        java.util.Collections.reverse(members);
        for (SandboxMember m : members) {
            out.printf("%s: %s%n", m.name(), MemberProcesses.stop(m) ? "stopped" : "was not running");
        }
    }

    /** Stops every member and deletes the sandbox directory. */
    public void destroy() throws IOException {
        for (SandboxMember m : layout.members()) {
            MemberProcesses.running(m).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (SandboxMember m : layout.members()) {
            MemberProcesses.running(m).ifPresent(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> p).join());
        }
        deleteTree(layout.dir());
        out.println("Destroyed the sandbox in " + layout.dir());
    }

    /** Pre-flight checks over the files; throws with every problem, each naming the setting to fix. */
    void preflight() throws IOException {
        List<String> problems = new ArrayList<>(Preflight.check(Preflight.readSandbox(layout)));
        problems.addAll(Preflight.portsInUse(layout));
        if (!problems.isEmpty()) {
            throw new IOException("pre-flight checks failed:\n  " + String.join("\n  ", problems));
        }
    }

    private void startProcesses() throws IOException {
        List<MemberProcesses.Launched> launched = new ArrayList<>();
        for (SandboxMember m : layout.members()) {
            if (MemberProcesses.running(m).isEmpty()) {
                launched.add(MemberProcesses.launch(layout, m));
            }
        }
        for (MemberProcesses.Launched l : launched) {
            MemberProcesses.awaitReady(l);
            out.printf("%s: ready on %s (pid file %s)%n", l.member().name(), l.member().sqlEndpoint(), l.member().pidFile());
        }
    }

    private void startGroup(MemberSql sql, char[] recovery) throws SQLException {
        String credentials = " USER='" + RECOVERY_USER + "', PASSWORD='" + new String(recovery) + "'";
        List<SandboxMember> members = layout.members();
        boolean anyOnline = false;
        for (SandboxMember m : members) {
            anyOnline |= "ONLINE".equals(ownState(sql, m));
        }
        for (SandboxMember m : members) {
            if ("ONLINE".equals(ownState(sql, m))) {
                continue;
            }
            try (Connection c = sql.connect(m); var s = c.createStatement()) {
                if (!anyOnline) {
                    s.execute("SET GLOBAL group_replication_bootstrap_group = ON");
                    try {
                        s.execute("START GROUP_REPLICATION" + credentials);
                    } finally {
                        s.execute("SET GLOBAL group_replication_bootstrap_group = OFF");
                    }
                    anyOnline = true;
                    out.printf("%s: bootstrapped the group %s%n", m.name(), layout.groupName());
                } else {
                    s.execute("START GROUP_REPLICATION" + credentials);
                }
            }
            awaitOnline(sql, m);
            out.printf("%s: ONLINE%n", m.name());
        }
        awaitSameView(sql);
    }

    /** Waits (bounded) until every member sees every member ONLINE: a joiner knows it is ONLINE a moment before the others do. */
    private void awaitSameView(MemberSql sql) throws SQLException {
        long deadline = System.currentTimeMillis() + ONLINE_LIMIT_MS;
        String count = "SELECT COUNT(*) FROM performance_schema.replication_group_members WHERE MEMBER_STATE = 'ONLINE'";
        for (SandboxMember m : layout.members()) {
            while (System.currentTimeMillis() < deadline) {
                try (Connection c = sql.connect(m)) {
                    if (Integer.toString(layout.memberCount()).equals(MemberSql.scalar(c, count))) {
                        break;
                    }
                }
                MemberProcesses.sleep(100);
            }
        }
    }

    static String ownState(MemberSql sql, SandboxMember m) throws SQLException {
        try (Connection c = sql.connect(m)) {
            return MemberSql.scalar(c, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@server_uuid");
        }
    }

    private static void awaitOnline(MemberSql sql, SandboxMember m) throws SQLException {
        long deadline = System.currentTimeMillis() + ONLINE_LIMIT_MS;
        String state = null;
        while (System.currentTimeMillis() < deadline) {
            state = ownState(sql, m);
            if ("ONLINE".equals(state) || "ERROR".equals(state)) {
                break;
            }
            MemberProcesses.sleep(200);
        }
        if (!"ONLINE".equals(state)) {
            throw new SQLException(m.name() + " did not become ONLINE (state " + state + "); see " + m.errorLog());
        }
    }

    private String credentialsText(char[] root) {
        return "# jgr sandbox credentials (0600). The mariadb client reads [client]:\n"
                + "#   mariadb --defaults-extra-file=" + layout.credentials() + " -h127.0.0.1 -P" + layout.member(1).sqlPort() + "\n"
                + "[client]\nuser = root\npassword = " + new String(root) + "\n"
                + "ssl-ca = " + layout.caPem() + "\nssl-verify-server-cert\n"
                + "# Read by each member at its first start only (root@localhost's password).\n"
                + "[jgr]\njgr_root_password = " + new String(root) + "\n";
    }

    public static String newGroupName() {
        return UUID.randomUUID().toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
