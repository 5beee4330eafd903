package io.jgr.store;

import io.jgr.sql.engine.Result;
import io.jgr.sql.statement.Token;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A statement another part of the server answers instead of H2: admin statements such as
 * {@code START GROUP_REPLICATION} or {@code CHANGE REPLICATION SOURCE TO}, and queries on virtual
 * schemas such as {@code performance_schema}. Registered with
 * {@link H2Engine#addStatementHandler}; consulted before the engine's own dispatch, text protocol
 * only.
 */
@FunctionalInterface
public interface StatementHandler {

    /** Runs the statement if it is this handler's; empty lets the engine run it as usual. */
    Optional<Result> handle(StatementContext session, String sql, List<Token> tokens) throws SQLException;
}
