package io.jgr.sql.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H2RewriterTest {
    private static final RewriteContext CTX = new RewriteContext() {
        @Override
        public String currentSchema() {
            return "shop";
        }

        @Override
        public String user() {
            return "app@localhost";
        }

        @Override
        public String currentUser() {
            return "app@%";
        }

        @Override
        public long connectionId() {
            return 42;
        }

        @Override
        public long lastInsertId() {
            return 7;
        }

        @Override
        public Object systemVariable(String reference) throws SQLException {
            String name = reference.substring(reference.indexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            return switch (name) {
                case "version" -> "8.0.36-jgr";
                case "max_allowed_packet" -> 67108864L;
                case "transaction_isolation" -> "READ-COMMITTED";
                default -> throw new SQLException("Unknown system variable '" + name + "'", "HY000", 1193);
            };
        }
    };

    private static String rewrite(String sql) throws SQLException {
        return H2Rewriter.rewrite(sql, Lexer.lex(sql), CTX);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
            "SELECT DATABASE() => SELECT 'shop' AS \"DATABASE()\"",
            "select version(), connection_id() => select '8.0.36-jgr' AS \"version()\", 42 AS \"connection_id()\"",
            "SELECT USER(), CURRENT_USER() => SELECT 'app@localhost' AS \"USER()\", 'app@%' AS \"CURRENT_USER()\"",
            "SELECT LAST_INSERT_ID() => SELECT 7 AS \"LAST_INSERT_ID()\"",
            "SELECT @@version AS v => SELECT '8.0.36-jgr' AS v",
            "SELECT @@session.transaction_isolation => SELECT 'READ-COMMITTED' AS \"@@session.transaction_isolation\"",
            "SELECT a, t.b, * FROM t => SELECT a, t.b, * FROM t",
            "SELECT 'abc' => SELECT 'abc' AS \"abc\"",
            "SELECT name n FROM t => SELECT name n FROM t",
            "SELECT COUNT(*) FROM t WHERE v = \"x\" => SELECT COUNT(*) AS \"COUNT(*)\" FROM t WHERE v = 'x'",
            "INSERT INTO t VALUES ('it\\'s', \"q\") => INSERT INTO t VALUES ('it''s', 'q')",
            "SELECT IF(a > 1, 'y', 'n') FROM t => SELECT CASEWHEN(a > 1, 'y', 'n') AS \"IF(a > 1, 'y', 'n')\" FROM t",
            "UPDATE t SET v = _utf8mb4'x' WHERE id = 1 => UPDATE t SET v = 'x' WHERE id = 1",
            "SELECT x'ff', b'11' => SELECT X'ff' AS \"x'ff'\", 3 AS \"b'11'\"",
            "SELECT SQL_NO_CACHE a FROM t => SELECT a FROM t",
            "CREATE TABLE IF NOT EXISTS t (a INT) => CREATE TABLE IF NOT EXISTS t (a INT)",
            "/* mysql-connector-j */SELECT  @@max_allowed_packet AS max_allowed_packet => SELECT 67108864 AS max_allowed_packet",
            "SELECT a / b AS q FROM t => SELECT a * 1.0 / NULLIF(b, 0) AS q FROM t",
            "SELECT (a + 1) / -f(b, c) / t.d x FROM t => SELECT (a + 1) * 1.0 / NULLIF(-f(b, c), 0) * 1.0 / NULLIF(t.d, 0) x FROM t",
            "UPDATE t SET a = a / 2 => UPDATE t SET a = a * 1.0 / 2",
            "SELECT a || b AS o, a && b AS n FROM t => SELECT a OR b AS o, a AND b AS n FROM t",
            "SELECT CONCAT(a, 'x', f(b, c)) AS s FROM t => SELECT ((a) || ('x') || (f(b, c))) AS s FROM t",
            "SELECT 7 DIV 2 AS d, 7 MOD 2 AS m => SELECT 7 / 2 AS d, 7 % 2 AS m",
    })
    void rewrites(String mysql, String h2) throws SQLException {
        assertThat(rewrite(mysql)).isEqualTo(h2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT * FROM t LOCK IN SHARE MODE|1235",
            "SELECT * FROM t FOR SHARE|1235",
            "SELECT SQL_CALC_FOUND_ROWS * FROM t|1235",
            "SELECT FOUND_ROWS()|1235",
            "SELECT @@nosuch|1193",
    })
    void refused(String mysql, int code) {
        assertThatThrownBy(() -> rewrite(mysql)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(code));
    }
}
