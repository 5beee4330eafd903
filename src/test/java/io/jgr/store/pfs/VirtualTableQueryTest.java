package io.jgr.store.pfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.engine.Result;
import io.jgr.sql.statement.Lexer;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualTableQueryTest {
    static final VirtualTable T = VirtualTable.named("t").text("NAME", 10).text("STATE", 10).integer("N")
            .rows(() -> List.of(new Object[] {"b", "ONLINE", 2L}, new Object[] {"a", "ONLINE", 1L},
                    new Object[] {"c", "UNREACHABLE", 3L}));
    /** {@code @@x} is "a" in every scope but GLOBAL, where it is "c". */
    static final VirtualTableQuery.Variables VARIABLES = ref -> ref.startsWith("global.") ? "c" : "a";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM performance_schema.t                                        | b ONLINE 2;a ONLINE 1;c UNREACHABLE 3",
        "SELECT NAME FROM performance_schema.t ORDER BY NAME                       | a;b;c",
        "SELECT name AS x FROM performance_schema.t ORDER BY n DESC                | c;b;a",
        "SELECT COUNT(*) FROM performance_schema.t WHERE state = 'online'          | 2",
        "SELECT NAME FROM performance_schema.t WHERE STATE <> 'ONLINE'             | c",
        "SELECT NAME FROM performance_schema.t WHERE STATE = 'ONLINE' AND N = 1    | a",
        "SELECT NAME FROM performance_schema.t WHERE NAME IN ('a','c') ORDER BY NAME | a;c",
        "SELECT NAME FROM performance_schema.t WHERE NAME = @@x                    | a",
        "SELECT NAME FROM performance_schema.t WHERE NAME = @@global.x             | c",
        "SELECT NAME FROM performance_schema.t WHERE NAME = @@session.x            | a",
        "SELECT t.NAME FROM performance_schema.t WHERE STATE != 'ONLINE'           | c",
        "SELECT NAME FROM performance_schema.t WHERE STATE LIKE '%reach%'          | c",
        "SELECT NAME FROM performance_schema.t WHERE STATE NOT LIKE 'on_ine' ORDER BY NAME | c",
        "SELECT NAME FROM performance_schema.t WHERE NAME LIKE '_' ORDER BY NAME   | a;b;c",
        "SELECT NAME FROM performance_schema.t WHERE STATE LIKE 'ONLINE%' AND N = 2 | b",
    })
    void answers(String sql, String expected) throws SQLException {
        Result.Rows r = (Result.Rows) VirtualTableQuery.run(sql, Lexer.lex(sql, true, false), T, VARIABLES);
        assertThat(String.join(";", r.rows().stream().map(row -> String.join(" ",
                Arrays.stream(row).map(String::valueOf).toList())).toList())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} LIKE {1}: {2}")
    @CsvSource({
        "'%auto-rejoin%', stage/group_rpl/Undergoing auto-rejoin procedure, true",
        "'stage/group\\_rpl/%', stage/group_rpl/x, true",
        "'stage/group\\_rpl/%', stage/groupXrpl/x, false",
        "'a.b', axb, false",
        "'100\\%', 100%, true",
        "'100\\%', 1000, false",
    })
    void likeMatchesAsMySqlDoes(String pattern, String value, boolean matches) {
        assertThat(VirtualTableQuery.likePattern(pattern).matcher(value).matches())
                .isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SELECT NOPE FROM performance_schema.t                 | 1054",
        "SELECT NAME FROM performance_schema.t WHERE NOPE = 1  | 1054",
        "SELECT NAME FROM performance_schema.t WHERE N > 1     | 1235",
        "SELECT NAME FROM performance_schema.t LIMIT 1         | 1235",
        "SELECT NAME, COUNT(*) FROM performance_schema.t       | 1235",
        "SELECT NAME FROM performance_schema.t WHERE NAME NOT 'a' | 1235",
    })
    void refused(String sql, int code) {
        assertThatThrownBy(() -> VirtualTableQuery.run(sql, Lexer.lex(sql, true, false), T, VARIABLES))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(code));
    }
}
