package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.store.capture.RowChange;
import io.jgr.store.capture.RowChange.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The net effect of a run of row changes equals applying them in order (real H2, in memory). */
class RowApplierTest {
    private static final List<String> COLS = List.of("id", "u", "v");
    private static final int[] PK = {0};

    private static RowChange ins(int id, String u, int v) {
        return new RowChange("s", "t", Kind.INSERT, COLS, PK, null, new Object[] {id, u, v});
    }

    private static RowChange upd(int id, String u, int v, int id2, String u2, int v2) {
        return new RowChange("s", "t", Kind.UPDATE, COLS, PK, new Object[] {id, u, v}, new Object[] {id2, u2, v2});
    }

    private static RowChange del(int id, String u, int v) {
        return new RowChange("s", "t", Kind.DELETE, COLS, PK, new Object[] {id, u, v}, null);
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("sysbench write_only: update, update, delete, insert of one row",
                        List.of(upd(1, "a", 1, 1, "a", 2), upd(1, "a", 2, 1, "a2", 2), del(1, "a2", 2), ins(1, "a3", 7))),
                Arguments.of("insert then delete: gone", List.of(ins(10, "x", 1), del(10, "x", 1))),
                Arguments.of("delete then insert again", List.of(del(2, "b", 2), ins(2, "b", 9))),
                Arguments.of("primary-key change, then back", List.of(upd(3, "c", 3, 30, "c", 3), upd(30, "c", 3, 3, "c", 4))),
                Arguments.of("many rows across transactions",
                        List.of(ins(11, "p", 1), ins(12, "q", 1), upd(11, "p", 1, 11, "p", 5), del(12, "q", 1), upd(2, "b", 2, 2, "bb", 3))),
                Arguments.of("a unique value moves from one row to another", List.of(upd(1, "a", 1, 1, "z", 1), ins(13, "a", 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void netEffectEqualsOrderedApplication(String name, List<RowChange> changes) throws SQLException {
        try (Connection ordered = table("ordered"); Connection net = table("net")) {
            new RowApplier(ordered).apply(changes);
            new RowApplier(net).applyNetEffect(changes);
            assertThat(rows(net)).isEqualTo(rows(ordered));
        }
    }

    @Test
    void aSwapOfUniqueValuesFailsAsANetEffectSoTheCallerAppliesInOrder() throws SQLException {
        // A: a → tmp, B: b → a, A: tmp → b — in order fine; as net effect B's "a" meets A's old "a"
        List<RowChange> swap = List.of(upd(1, "a", 1, 1, "tmp", 1), upd(2, "b", 2, 2, "a", 2), upd(1, "tmp", 1, 1, "b", 1));
        try (Connection ordered = table("swap_ordered"); Connection net = table("swap_net")) {
            new RowApplier(ordered).apply(swap);
            assertThatThrownBy(() -> new RowApplier(net).applyNetEffect(swap)).isInstanceOf(SQLException.class);
            net.rollback();
            new RowApplier(net).apply(swap); // what Applier does after a failed run
            assertThat(rows(net)).isEqualTo(rows(ordered)).containsExactly("1 b 1", "2 a 2", "3 c 3");
        }
    }

    private static Connection table(String db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:" + db + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA s");
            s.execute("CREATE TABLE s.t (id INT PRIMARY KEY, u VARCHAR(10) UNIQUE, v INT)");
            s.execute("INSERT INTO s.t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, u, v FROM s.t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getInt(3));
            }
        }
        return out;
    }
}
