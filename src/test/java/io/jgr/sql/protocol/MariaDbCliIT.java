package io.jgr.sql.protocol;

import io.jgr.testing.ExternalTools;
import io.jgr.testing.Tmux;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Debian mariadb client against the protocol server over TLS with --ssl-verify-server-cert: batch and interactive (tmux). */
class MariaDbCliIT {
    private static TestTls tls;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        tls = new TestTls();
        server = new TestServer(tls);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> mariadb(String user, String password, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("mariadb", "--no-defaults", "--protocol=TCP", "-h127.0.0.1",
                "-P" + server.port(), "-u" + user, "-p" + password, "--ssl", "--ssl-verify-server-cert",
                "--ssl-ca=" + tls.caPem, "-Dtest"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    @Test
    void batchOverVerifiedTls() throws Exception {
        ExternalTools.require("mariadb");
        ExternalTools.Outcome r = ExternalTools.run(mariadb("root", "rootpw", "--batch"), String.join("\n",
                "DELETE FROM t;",
                "INSERT INTO t VALUES (1, 'it\\'s \"one\"');",
                "BEGIN;",
                "INSERT INTO t VALUES (2, 'two');",
                "ROLLBACK;",
                "UPDATE t SET v = 'uno' WHERE id = 1;",
                "SELECT * FROM t;",
                "SELECT * FROM types;",
                "SHOW TABLES;",
                "SELECT 1/0;",
                "SHOW WARNINGS;",
                "") + "\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).contains("id\tv\n1\tuno\n")
                .contains("1\t18446744073709551615\t2024\t2025-01-02 03:04:05\t100:15:30\t{\"a\": [1, 2]}")
                .contains("\théllo wörld ✓\t").contains("\tmedium\t-8388608\n")
                .contains("2\tNULL\tNULL")
                .contains("Tables_in_test\nalltypes\nauto\nt\ntypes\n")
                .contains("Warning\t1365\tDivision by 0");
        assertThat(server.engine.opened.get(server.engine.opened.size() - 1).tlsVersion()).startsWith("TLSv1.");
    }

    @Test
    void errorsShowMySqlTexts() throws Exception {
        ExternalTools.require("mariadb");
        ExternalTools.Outcome dup = ExternalTools.run(mariadb("root", "rootpw", "--batch"),
                "DELETE FROM t;\nINSERT INTO t VALUES (7, 'a');\nINSERT INTO t VALUES (7, 'b');\n");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.stderr()).contains("ERROR 1062 (23000) at line 3: Duplicate entry '7' for key 't.PRIMARY'");
        ExternalTools.Outcome missing = ExternalTools.run(mariadb("root", "rootpw", "--batch", "-e", "SELECT * FROM missing"), null);
        assertThat(missing.stderr()).contains("ERROR 1146 (42S02) at line 1: Table 'test.missing' doesn't exist");
        ExternalTools.Outcome bad = ExternalTools.run(mariadb("root", "wrong", "--batch", "-e", "SELECT 1"), null);
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.stderr()).contains("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)");
    }

    @Test
    void interactiveUnderTmux() throws Exception {
        ExternalTools.require("mariadb");
        ExternalTools.require("tmux");
        try (Tmux tmux = Tmux.start(String.join(" ", quoted(mariadb("root", "rootpw"))))) {
            tmux.waitFor("MySQL [test]>");
            assertThat(tmux.screen()).contains("jgr test engine");
            tmux.type("DELETE FROM t;");
            tmux.waitFor("Query OK");
            tmux.type("SELECT * FROM types WHERE id = 2;");
            tmux.waitFor("1 row in set");
            assertThat(tmux.screen()).contains("|  2 | NULL | NULL |");
            tmux.type("INSERT INTO t VALUES (42, 'x');");
            tmux.waitFor("Query OK, 1 row affected");
            tmux.type("INSERT INTO t VALUES (42, 'x');");
            tmux.waitFor("ERROR 1062 (23000): Duplicate entry '42' for key 't.PRIMARY'");
            tmux.type("status");
            tmux.waitFor("Uptime:");
            assertThat(tmux.screen()).contains("SSL:                    Cipher in use is TLS_").contains("Threads: 1");
            tmux.type("quit");
            tmux.waitForExit();
        }
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList();
    }
}
