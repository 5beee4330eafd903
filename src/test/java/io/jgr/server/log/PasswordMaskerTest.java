package io.jgr.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every statement kind that carries a password, with tricky quoting; and statements left alone. */
class PasswordMaskerTest {

    static Stream<Arguments> masked() {
        return Stream.of(
                m("CREATE USER 'u'@'%' IDENTIFIED BY 'pw1'", "CREATE USER 'u'@'%' IDENTIFIED BY <secret>"),
                m("create user u identified by \"pw1\"", "create user u identified by <secret>"),
                m("CREATE USER IF NOT EXISTS u IDENTIFIED WITH caching_sha2_password BY 'pw1' REQUIRE SSL",
                        "CREATE USER IF NOT EXISTS u IDENTIFIED WITH caching_sha2_password BY <secret> REQUIRE SSL"),
                m("CREATE USER u IDENTIFIED WITH 'mysql_native_password' AS '*ABCDEF'",
                        "CREATE USER u IDENTIFIED WITH 'mysql_native_password' AS <secret>"),
                m("CREATE USER a IDENTIFIED BY 'p1', b IDENTIFIED BY 'p2'",
                        "CREATE USER a IDENTIFIED BY <secret>, b IDENTIFIED BY <secret>"),
                m("ALTER USER u IDENTIFIED BY 'new' REPLACE 'old' RETAIN CURRENT PASSWORD",
                        "ALTER USER u IDENTIFIED BY <secret> REPLACE <secret> RETAIN CURRENT PASSWORD"),
                m("ALTER USER u IDENTIFIED BY RANDOM PASSWORD", "ALTER USER u IDENTIFIED BY RANDOM PASSWORD"),
                m("GRANT SELECT ON *.* TO u IDENTIFIED BY 'pw1'", "GRANT SELECT ON *.* TO u IDENTIFIED BY <secret>"),
                // Escaped and doubled quotes, backslashes.
                m("CREATE USER u IDENTIFIED BY 'it''s'", "CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY 'it\\'s'", "CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY 'ends with \\\\'", "CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY \"say \\\"hi\\\" ''x''\"", "CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY 'a;b' ; SELECT 1", "CREATE USER u IDENTIFIED BY <secret> ; SELECT 1"),
                m("CREATE USER u IDENTIFIED BY 'part1' 'part2'", "CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY _utf8mb4'pw1'", "CREATE USER u IDENTIFIED BY _utf8mb4<secret>"),
                m("CREATE USER u IDENTIFIED BY N'pw1'", "CREATE USER u IDENTIFIED BY <secret>"),
                // Comments: dropped from password statements; executable comments are SQL.
                m("CREATE USER u IDENTIFIED BY /* the pw */ 'pw1'", "CREATE USER u IDENTIFIED BY   <secret>"),
                m("CREATE USER u IDENTIFIED BY -- c\n'pw1'", "CREATE USER u IDENTIFIED BY  \n<secret>"),
                m("CREATE USER u IDENTIFIED BY # c\n'pw1'", "CREATE USER u IDENTIFIED BY  \n<secret>"),
                m("CREATE USER u /*!80000 IDENTIFIED BY 'pw1' */", "CREATE USER u /*!80000 IDENTIFIED BY <secret> */"),
                m("/* IDENTIFIED BY 'x' */ CREATE USER u IDENTIFIED BY 'pw1'", "  CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY 'pw1' /* pw1 again */", "CREATE USER u IDENTIFIED BY <secret>  "),
                // Unterminated: masked to the end (fail closed).
                m("CREATE USER u IDENTIFIED BY 'pw1", "CREATE USER u IDENTIFIED BY <secret>"),
                m("CREATE USER u IDENTIFIED BY 'pw1\\' , v", "CREATE USER u IDENTIFIED BY <secret>"),
                // SET PASSWORD.
                m("SET PASSWORD = 'pw1'", "SET PASSWORD = <secret>"),
                m("SET PASSWORD FOR 'u'@'%' = 'pw1'", "SET PASSWORD FOR 'u'@'%' = <secret>"),
                m("SET PASSWORD FOR u = PASSWORD('pw1')", "SET PASSWORD FOR u = PASSWORD(<secret>)"),
                m("set password for u='pw1' replace 'old'", "set password for u=<secret> replace <secret>"),
                // Replication credentials.
                m("CHANGE MASTER TO MASTER_USER='rpl', MASTER_PASSWORD='pw1' FOR CHANNEL 'group_replication_recovery'",
                        "CHANGE MASTER TO MASTER_USER='rpl', MASTER_PASSWORD=<secret> FOR CHANNEL 'group_replication_recovery'"),
                m("CHANGE REPLICATION SOURCE TO SOURCE_USER = 'rpl', SOURCE_PASSWORD = \"pw1\" FOR CHANNEL 'group_replication_recovery'",
                        "CHANGE REPLICATION SOURCE TO SOURCE_USER = 'rpl', SOURCE_PASSWORD = <secret> FOR CHANNEL 'group_replication_recovery'"),
                m("START GROUP_REPLICATION USER='rpl', PASSWORD='pw1', DEFAULT_AUTH='caching_sha2_password'",
                        "START GROUP_REPLICATION USER='rpl', PASSWORD=<secret>, DEFAULT_AUTH='caching_sha2_password'"),
                m("start group_replication password = 'pw1' , user = 'rpl'",
                        "start group_replication password = <secret> , user = 'rpl'"),
                m("START REPLICA USER='rpl' PASSWORD='pw1'", "START REPLICA USER='rpl' PASSWORD=<secret>"),
                m("CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD 'pw1')",
                        "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD <secret>)"),
                m("PREPARE s FROM 'CREATE USER u IDENTIFIED BY ''pw1'''", "PREPARE s FROM <secret>"),
                // Left alone.
                m("SELECT 'IDENTIFIED BY' AS x, `password` FROM t", "SELECT 'IDENTIFIED BY' AS x, `password` FROM t"),
                m("INSERT INTO t VALUES ('a', \"b\") /* c */", "INSERT INTO t VALUES ('a', \"b\") /* c */"),
                m("DROP USER 'u'@'%'", "DROP USER 'u'@'%'"),
                m("SET GLOBAL group_replication_ip_allowlist = \"10.0.0.0/8\"",
                        "SET GLOBAL group_replication_ip_allowlist = \"10.0.0.0/8\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("masked")
    void masks(String sql, String expected) {
        assertThat(PasswordMasker.mask(sql)).isEqualTo(expected);
    }

    @Test
    void noBackslashEscapesModeReadsBackslashAsText() {
        // Under NO_BACKSLASH_ESCAPES the literal is 'pw\' and what follows is SQL again.
        assertThat(PasswordMasker.mask("CREATE USER u IDENTIFIED BY 'pw\\' REQUIRE SSL", true))
                .isEqualTo("CREATE USER u IDENTIFIED BY <secret> REQUIRE SSL");
        // Read with the wrong mode the masker still hides the password (to the end).
        assertThat(PasswordMasker.mask("CREATE USER u IDENTIFIED BY 'pw\\' REQUIRE SSL", false))
                .isEqualTo("CREATE USER u IDENTIFIED BY <secret>");
    }

    @Test
    void maskedTextNeverContainsThePassword() {
        String pw = "Zq9!x'y\"z\\w";
        String[] forms = {
            "CREATE USER u IDENTIFIED BY 'Zq9!x''y\"z\\\\w'",
            "ALTER USER u IDENTIFIED BY \"Zq9!x'y\\\"z\\\\w\"",
            "SET PASSWORD FOR u = 'Zq9!x\\'y\"z\\\\w'",
            "CHANGE MASTER TO MASTER_PASSWORD = 'Zq9!x''y\"z\\\\w' FOR CHANNEL 'group_replication_recovery'",
            "START GROUP_REPLICATION USER = 'r', PASSWORD = 'Zq9!x''y\"z\\\\w'",
        };
        for (String sql : forms) {
            assertThat(PasswordMasker.mask(sql)).contains("<secret>").doesNotContain("Zq9");
        }
        assertThat(pw).isNotEmpty();
    }

    private static Arguments m(String sql, String expected) {
        return Arguments.of(sql, expected);
    }
}
