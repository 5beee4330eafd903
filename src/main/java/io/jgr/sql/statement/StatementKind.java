package io.jgr.sql.statement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a statement is, decided by its first keyword (a map lookup: no regex on the hot path). */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, REPLACE,
    SET, SHOW, USE, DESCRIBE, BEGIN, START, COMMIT, ROLLBACK, SAVEPOINT, RELEASE,
    CREATE, ALTER, DROP, TRUNCATE, RENAME, GRANT, REVOKE, FLUSH,
    /** a statement that H2 cannot do faithfully: refused with 1235 */
    UNSUPPORTED,
    /** nothing but comments */
    EMPTY,
    /** any other first word: handed to H2, which reports a syntax error if it cannot parse it */
    OTHER;

    /** Statements that change data, schema or accounts: what read_only / super_read_only refuse. */
    public boolean writes() {
        return switch (this) {
            case INSERT, UPDATE, DELETE, REPLACE, CREATE, ALTER, DROP, TRUNCATE, RENAME, GRANT, REVOKE -> true;
            default -> false;
        };
    }

    private static final Map<String, StatementKind> BY_WORD = new HashMap<>();

    static {
        for (StatementKind k : values()) {
            BY_WORD.put(k.name(), k);
        }
        BY_WORD.remove("UNSUPPORTED");
        BY_WORD.remove("EMPTY");
        BY_WORD.remove("OTHER");
        BY_WORD.put("WITH", SELECT);
        BY_WORD.put("VALUES", SELECT);
        BY_WORD.put("TABLE", SELECT);
        BY_WORD.put("DESC", DESCRIBE);
        BY_WORD.put("EXPLAIN", DESCRIBE);
        for (String w : List.of("LOCK", "UNLOCK", "LOAD", "HANDLER", "PREPARE", "EXECUTE", "DEALLOCATE", "XA",
                "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK", "CHECKSUM", "INSTALL", "UNINSTALL", "RESET", "PURGE",
                "CACHE", "SIGNAL", "RESIGNAL", "GET", "IMPORT", "CLONE", "HELP", "BINLOG", "KILL", "SHUTDOWN",
                "RESTART", "CALL", "DO", "SCRIPT", "RUNSCRIPT", "BACKUP", "MERGE")) {
            BY_WORD.put(w, UNSUPPORTED);
        }
    }

    /** The kind of the statement these tokens form. */
    public static StatementKind of(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return EMPTY;
        }
        Token first = tokens.get(0);
        if (first.isSymbol("(")) {
            return SELECT;
        }
        if (first.type() != Token.Type.WORD) {
            return OTHER;
        }
        return BY_WORD.getOrDefault(first.value(), OTHER);
    }
}
