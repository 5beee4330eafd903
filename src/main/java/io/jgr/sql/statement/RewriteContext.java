package io.jgr.sql.statement;

import java.sql.SQLException;

/** What the rewriter substitutes for the functions and variables H2 lacks. */
public interface RewriteContext {

    /** The database USE selected, or null. */
    String currentSchema();

    /** USER(): the user and the client's host, e.g. {@code app@127.0.0.1}. */
    String user();

    /** CURRENT_USER(): the account matched, e.g. {@code app@%}. */
    String currentUser();

    long connectionId();

    long lastInsertId();

    /** {@code @@[scope.]name}: {@code reference} is the text after {@code @@}, e.g. {@code global.max_connections}. */
    Object systemVariable(String reference) throws SQLException;

    /** sql_mode PIPES_AS_CONCAT: || concatenates; otherwise it is OR, as in MySQL's default mode. */
    default boolean pipesAsConcat() {
        return false;
    }
}
