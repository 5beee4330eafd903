package io.jgr.store.pfs;

import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import io.jgr.store.H2Engine;
import io.jgr.store.StatementContext;
import io.jgr.store.StatementHandler;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers queries on the performance_schema tables registered here ({@link VirtualTableQuery}'s dialect);
 * a statement on another table is left to the engine's other handlers. The tables are read-only: a statement
 * that would change one is refused with 1142, as MySQL refuses it.
 */
public final class PerformanceSchemaTables implements StatementHandler {
    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "ALTER", "DROP");
    private final Map<String, VirtualTable> tables = new ConcurrentHashMap<>();

    public PerformanceSchemaTables add(VirtualTable table) {
        tables.put(table.name().toLowerCase(Locale.ROOT), table);
        return this;
    }

    public void register(H2Engine engine) {
        engine.addStatementHandler(Set.of(), Set.of(VirtualTable.SCHEMA), this);
    }

    @Override
    public Optional<Result> handle(StatementContext ctx, String sql, List<Token> tokens) throws SQLException {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        String[] from = VirtualTableQuery.fromTable(tokens);
        VirtualTable table = from != null && from[0].equals(VirtualTable.SCHEMA) ? tables.get(from[1]) : null;
        String verb = tokens.get(0).value().toUpperCase(Locale.ROOT);
        if (WRITES.contains(verb)) {
            VirtualTable named = writeTarget(tokens);
            if (named != null) {
                throw MySqlError.ER_TABLEACCESS_DENIED_ERROR.exception(verb, ctx.account().user(), ctx.account().host(),
                        named.name());
            }
        }
        if (table == null || !verb.equals("SELECT")) {
            return Optional.empty();
        }
        return Optional.of(VirtualTableQuery.run(sql, tokens, table, ctx.variables()::read));
    }

    /**
     * The table a write statement changes when it is one of these: its first {@code schema.table} reference (the
     * target comes first in INSERT, UPDATE, DELETE, REPLACE, TRUNCATE, ALTER and DROP), so that
     * {@code INSERT INTO db.t SELECT … FROM performance_schema.x} is left to the engine.
     */
    private VirtualTable writeTarget(List<Token> tokens) {
        for (int i = 1; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).isIdentifier() && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 2).isIdentifier()) {
                return tokens.get(i).lowerName().equals(VirtualTable.SCHEMA) ? tables.get(tokens.get(i + 2).lowerName()) : null;
            }
        }
        return null;
    }
}
