package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.statement.Lexer;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartStatementTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "START GROUP_REPLICATION                                                        | -   | -  | -",
        "START GROUP_REPLICATION USER='rpl'                                             | rpl | -  | -",
        "START GROUP_REPLICATION USER='rpl', PASSWORD='pw'                              | rpl | pw | -",
        "START GROUP_REPLICATION PASSWORD='pw', USER='rpl'                              | rpl | pw | -",
        "start group_replication default_auth='mysql_native_password', user=\"rpl\"     | rpl | -  | mysql_native_password",
        "START GROUP_REPLICATION DEFAULT_AUTH='x'                                       | -   | -  | x",
        "START GROUP_REPLICATION USER='rpl', PASSWORD=''                                | rpl | (empty) | -",
    })
    void accepted(String sql, String user, String password, String auth) throws SQLException {
        Optional<RecoveryCredentials> c = StartStatement.parseStart(sql, Lexer.lex(sql, true, false));
        assertThat(c.flatMap(RecoveryCredentials::user).orElse("-")).isEqualTo(user);
        assertThat(c.flatMap(RecoveryCredentials::password).map(String::new).map(p -> p.isEmpty() ? "(empty)" : p).orElse("-"))
                .isEqualTo(password);
        assertThat(c.flatMap(RecoveryCredentials::defaultAuth).orElse("-")).isEqualTo(auth);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "START GROUP_REPLICATION USER=''                                     | 3970",
        "START GROUP_REPLICATION USER='', PASSWORD='p'                       | 3970",
        "START GROUP_REPLICATION PASSWORD='p'                                | 3971",
        "START GROUP_REPLICATION PASSWORD='p', DEFAULT_AUTH='x'              | 3971",
        "START GROUP_REPLICATION USER='u', PASSWORD='123456789012345678901234567890123' | 3972",
        "START GROUP_REPLICATION USER='u' PASSWORD='p'                       | 1064",
        "START GROUP_REPLICATION USER='u', USER='v'                          | 1064",
        "START GROUP_REPLICATION USER=u                                      | 1064",
        "START GROUP_REPLICATION USER='u',                                   | 1064",
        "START GROUP_REPLICATION HOST='h'                                    | 1064",
    })
    void refused(String sql, int code) {
        assertThatThrownBy(() -> StartStatement.parseStart(sql, Lexer.lex(sql, true, false)))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(code);
                    assertThat(e.getMessage()).doesNotContain("'p'").doesNotContain("1234567890");
                });
    }
}
