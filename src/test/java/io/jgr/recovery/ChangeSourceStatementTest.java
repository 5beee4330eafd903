package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.statement.Lexer;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeSourceStatementTest {
    private static ChangeSourceStatement parse(String sql) throws SQLException {
        return ChangeSourceStatement.parse(sql, Lexer.lex(sql, true, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CHANGE MASTER TO MASTER_USER='u', MASTER_PASSWORD='p' FOR CHANNEL 'group_replication_recovery'|MASTER_USER,MASTER_PASSWORD|group_replication_recovery",
            "change replication source to source_password = 'p' for channel `group_replication_recovery`|SOURCE_PASSWORD|group_replication_recovery",
            "CHANGE MASTER TO MASTER_PORT=3306, IGNORE_SERVER_IDS=(1,2), PRIVILEGE_CHECKS_USER='a'@'b'|MASTER_PORT,IGNORE_SERVER_IDS,PRIVILEGE_CHECKS_USER|",
            "CHANGE REPLICATION SOURCE TO PRIVILEGE_CHECKS_USER = NULL FOR CHANNEL 'x'|PRIVILEGE_CHECKS_USER|x"})
    void parses(String sql, String options, String channel) throws SQLException {
        ChangeSourceStatement st = parse(sql);
        assertThat(String.join(",", st.options().keySet())).isEqualTo(options);
        assertThat(st.channel()).isEqualTo(channel);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CHANGE MASTER TO|",
            "CHANGE MASTER TO MASTER_USER|",
            "CHANGE MASTER TO MASTER_PASSWORD='Hidden-1' MASTER_USER='u'|",
            "CHANGE MASTER TO MASTER_PASSWORD='Hidden-1', FOR CHANNEL 'x'|",
            "CHANGE MASTER TO MASTER_USER='u', MASTER_PASSWORD='Hidden-1' FOR CHANNEL 'x' trailing|",
            "CHANGE REPLICATION SOURCE MASTER_PASSWORD='Hidden-1'|"})
    void syntaxErrorsNeverQuoteThePassword(String sql, String ignored) {
        assertThatThrownBy(() -> parse(sql)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(1064)).hasMessageNotContaining("Hidden-1");
    }

    @ParameterizedTest
    @CsvSource({"CHANGE COLUMN x", "CHANGE DATABASE d"})
    void otherStatementsAreNotOurs(String sql) throws SQLException {
        assertThat(parse(sql)).isNull();
    }
}
