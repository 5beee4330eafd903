package io.jgr.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any password, quoted any way MySQL allows, in any password-carrying statement, never survives masking. */
class PasswordMaskerPropertyTest {

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.strings()
                .withChars("abcXYZ0189'\"\\;#-*/` =(),.@%_!")
                .ofMinLength(6).ofMaxLength(24);
    }

    @Property(tries = 400)
    void maskedStatementsNeverContainThePassword(@ForAll("passwords") String pw) {
        List<String> literals = List.of(
                "'" + pw.replace("\\", "\\\\").replace("'", "''") + "'",
                "'" + pw.replace("\\", "\\\\").replace("'", "\\'") + "'",
                "\"" + pw.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
                "_utf8mb4'" + pw.replace("\\", "\\\\").replace("'", "''") + "'");
        List<String> templates = List.of(
                "CREATE USER 'u'@'%%' IDENTIFIED BY %s REQUIRE SSL",
                "ALTER USER u IDENTIFIED WITH caching_sha2_password BY %s",
                "SET PASSWORD FOR 'u'@'localhost' = %s",
                "CHANGE MASTER TO MASTER_USER='rpl', MASTER_PASSWORD = %s FOR CHANNEL 'group_replication_recovery'",
                "CHANGE REPLICATION SOURCE TO SOURCE_PASSWORD=%s, SOURCE_USER='rpl'",
                "START GROUP_REPLICATION USER='rpl', PASSWORD=%s, DEFAULT_AUTH='caching_sha2_password'",
                "CREATE USER u /* note */ IDENTIFIED BY -- x\n %s; SELECT 1");
        for (String template : templates) {
            Assume.that(!template.contains(pw));
            for (String literal : literals) {
                String sql = String.format(template, literal);
                assertThat(PasswordMasker.mask(sql)).as(sql).doesNotContain(pw).contains(PasswordMasker.SECRET);
            }
        }
    }
}
