package io.jgr.sql.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

    /** Each token as TYPE:value, joined by spaces. */
    private static String describe(String sql) throws SQLException {
        List<Token> tokens = Lexer.lex(sql);
        return tokens.stream().map(t -> t.type() + ":" + t.value()).collect(Collectors.joining(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "SELECT 1|WORD:SELECT NUMBER:1",
            "select `my col` from t|WORD:SELECT QUOTED_IDENT:my col WORD:FROM WORD:T",
            "'it\\'s'|STRING:it's",
            "'it''s'|STRING:it's",
            "\"dq\"|STRING:dq",
            "'x\\\\y'|STRING:x\\y",
            "'tab\\there'|STRING:tab\there",
            "'50\\%'|STRING:50\\%",
            "1 # comment|NUMBER:1",
            "1 -- comment|NUMBER:1",
            "1 --x|NUMBER:1 SYMBOL:- SYMBOL:- WORD:X",
            "/* c */ 2|NUMBER:2",
            "/*!40101 SET x=1 */|WORD:SET WORD:X SYMBOL:= NUMBER:1",
            "/*+ hint */ SELECT|WORD:SELECT",
            "@@global.max_allowed_packet|SYS_VAR:global.max_allowed_packet",
            "@x := 1|USER_VAR:x SYMBOL::= NUMBER:1",
            "'u'@'%'|STRING:u USER_VAR:%",
            "x'0aFF' 0x1f b'101'|HEX:0aFF HEX:1f BIT:101",
            "a<=>b <> c != d|WORD:A SYMBOL:<=> WORD:B SYMBOL:<> WORD:C SYMBOL:!= WORD:D",
            "1.5e3 .5|NUMBER:1.5e3 NUMBER:.5",
            "t.c|WORD:T SYMBOL:. WORD:C",
            "? , ?|PARAM:? SYMBOL:, PARAM:?",
            "N'x'|STRING:x",
    })
    void tokens(String sql, String expected) throws SQLException {
        assertThat(describe(sql)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {"'open", "`open", "/* open", "x'0g'", "/*!50000 open"})
    void unterminatedIs1064(String sql) {
        assertThatThrownBy(() -> Lexer.lex(sql)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1064));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"SELECT 1|SELECT", "insert into t values (1)|INSERT", "(SELECT 1)|SELECT",
            "WITH a AS (SELECT 1) SELECT * FROM a|SELECT", "show tables|SHOW", "desc t|DESCRIBE", "begin|BEGIN",
            "LOCK TABLES t READ|UNSUPPORTED", "frobnicate|OTHER", "/* only */|EMPTY", "ALTER USER x|ALTER"})
    void classifier(String sql, StatementKind kind) throws SQLException {
        assertThat(StatementKind.of(Lexer.lex(sql))).isEqualTo(kind);
    }

    @org.junit.jupiter.api.Test
    void sqlModesChangeQuoting() throws SQLException {
        List<Token> noEscapes = Lexer.lex("'a\\' 'b'", false, false);
        assertThat(noEscapes).extracting(Token::value).containsExactly("a\\", "b");
        List<Token> ansi = Lexer.lex("\"col\" = 'v'", true, true);
        assertThat(ansi).extracting(Token::type).containsExactly(Token.Type.QUOTED_IDENT, Token.Type.SYMBOL, Token.Type.STRING);
    }
}
