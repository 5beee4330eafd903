package io.jgr.recovery;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import io.jgr.store.H2Engine;
import io.jgr.store.StatementContext;
import io.jgr.store.StatementHandler;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers {@code SELECT * | col, … FROM performance_schema.t [WHERE col = 'v' [AND …]]} for the
 * virtual tables registered here; other performance_schema tables are left to other handlers. An
 * unknown column is 1054, as it is for a password column MySQL never had.
 */
final class PerformanceSchemaTables implements StatementHandler {
    static final String SCHEMA = "performance_schema";
    private final Map<String, VirtualTable> tables = new ConcurrentHashMap<>();

    void add(VirtualTable table) {
        tables.put(table.name().toLowerCase(Locale.ROOT), table);
    }

    void register(H2Engine engine) {
        engine.addStatementHandler(Set.of(), Set.of(SCHEMA), this);
    }

    @Override
    public Optional<Result> handle(StatementContext session, String sql, List<Token> t) throws SQLException {
        if (t.isEmpty() || !t.get(0).is("SELECT")) {
            return Optional.empty();
        }
        int from = -1;
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i).is("FROM")) {
                from = i;
                break;
            }
        }
        if (from < 0) {
            return Optional.empty();
        }
        int i = from + 1;
        VirtualTable table = null;
        if (i + 2 < t.size() && t.get(i).isIdentifier() && t.get(i).lowerName().equals(SCHEMA)
                && t.get(i + 1).isSymbol(".") && t.get(i + 2).isIdentifier()) {
            table = tables.get(t.get(i + 2).lowerName());
            i += 3;
        } else if (i < t.size() && t.get(i).isIdentifier() && SCHEMA.equalsIgnoreCase(session.currentSchema())) {
            table = tables.get(t.get(i).lowerName());
            i++;
        }
        if (table == null) {
            return Optional.empty();
        }
        List<Integer> picked = selectList(table, t.subList(1, from));
        List<int[]> whereColumns = new ArrayList<>();
        List<String> whereValues = new ArrayList<>();
        if (i < t.size()) {
            if (!t.get(i).is("WHERE")) {
                throw unsupported(table);
            }
            i++;
            while (true) {
                if (i + 2 >= t.size() || !t.get(i).isIdentifier() || !t.get(i + 1).isSymbol("=")
                        || t.get(i + 2).type() != Token.Type.STRING) {
                    throw unsupported(table);
                }
                int col = indexOf(table, t.get(i).name());
                if (col < 0) {
                    throw MySqlError.ER_BAD_FIELD_ERROR.exception(t.get(i).name(), "where clause");
                }
                whereColumns.add(new int[] {col});
                whereValues.add(t.get(i + 2).value());
                i += 3;
                if (i == t.size()) {
                    break;
                }
                if (!t.get(i).is("AND")) {
                    throw unsupported(table);
                }
                i++;
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int p : picked) {
            columns.add(table.columns().get(p));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : table.rows().get()) {
            boolean keep = true;
            for (int w = 0; w < whereColumns.size(); w++) {
                Object v = row[whereColumns.get(w)[0]];
                keep &= v != null && String.valueOf(v).equalsIgnoreCase(whereValues.get(w));
            }
            if (keep) {
                Object[] out = new Object[picked.size()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = row[picked.get(k)];
                }
                rows.add(out);
            }
        }
        return Optional.of(new Result.Rows(columns, rows));
    }

    private static List<Integer> selectList(VirtualTable table, List<Token> list) throws SQLException {
        List<Integer> picked = new ArrayList<>();
        if (list.size() == 1 && list.get(0).isSymbol("*")) {
            for (int k = 0; k < table.columns().size(); k++) {
                picked.add(k);
            }
            return picked;
        }
        for (int k = 0; k < list.size(); k++) { // the shape first: col, col, ... (no functions, no expressions)
            if (k % 2 == 1 ? !list.get(k).isSymbol(",") : !list.get(k).isIdentifier()) {
                throw unsupported(table);
            }
        }
        for (int k = 0; k < list.size(); k += 2) {
            Token x = list.get(k);
            int col = indexOf(table, x.name());
            if (col < 0) {
                throw MySqlError.ER_BAD_FIELD_ERROR.exception(x.name(), "field list");
            }
            picked.add(col);
        }
        if (picked.isEmpty()) {
            throw unsupported(table);
        }
        return picked;
    }

    private static int indexOf(VirtualTable table, String column) {
        for (int k = 0; k < table.columns().size(); k++) {
            if (table.columns().get(k).name().equalsIgnoreCase(column)) {
                return k;
            }
        }
        return -1;
    }

    private static SQLException unsupported(VirtualTable table) {
        return MySqlError.ER_NOT_SUPPORTED_YET.exception(
                "this query on performance_schema." + table.name() + " (jgr answers SELECT columns FROM it [WHERE column = 'value' [AND ...]])");
    }
}
