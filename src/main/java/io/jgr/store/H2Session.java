package io.jgr.store;

import io.jgr.server.config.SessionVariables;
import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.H2Rewriter;
import io.jgr.sql.statement.Lexer;
import io.jgr.sql.statement.RewriteContext;
import io.jgr.sql.statement.StatementKind;
import io.jgr.sql.statement.Token;
import io.jgr.sql.statement.TokenCursor;
import io.jgr.store.account.Privilege;
import io.jgr.store.capture.CaptureContext;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.capture.CommitHook;
import io.jgr.store.catalog.TableInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client session on its own H2 connection. H2 runs with autocommit off; MySQL's autocommit
 * is emulated here by committing after each statement, so that every commit passes the
 * {@link io.jgr.store.capture.CommitHook} with the rows the capture trigger collected.
 */
public final class H2Session implements Session, RewriteContext, StatementContext {
    private final H2Engine engine;
    private final ConnectionInfo info;
    private final Connection conn;
    private final Statement statement;
    private final CaptureContext capture = new CaptureContext();
    private final Access access;
    private final Set<H2PreparedQuery> prepared = ConcurrentHashMap.newKeySet();
    private SessionVariables vars;
    private String schema;
    private boolean autocommit;
    /** an H2 transaction may hold work: BEGIN, or a statement with autocommit off */
    private boolean txnOpen;
    /** BEGIN / START TRANSACTION: stays open across statements even with autocommit on */
    private boolean explicitTxn;
    private String isolationAfterTxn;
    private boolean backslashEscapes = true;
    private boolean applier;
    private boolean pipesAsConcat;
    private boolean noAutoValueOnZero;
    private boolean sqlLogBin = true;
    private boolean ansiQuotes;
    private long lastInsertId;
    private List<Warning> warnings = List.of();
    /** Read by the session's thread, set by whichever thread closes it. */
    private volatile boolean closed;
    /**
     * Serialises {@link #close}: a connection's thread and the engine's shutdown may close the same
     * session at once, and the loser must neither roll back on a closed connection nor return before
     * the winner has finished (the engine shuts the database down next).
     */
    private final Object closeLock = new Object();
    /**
     * Where the open transaction stands for the replication applier (docs/replication.md, "Local transactions
     * vs the applier"). OPEN → COMMITTING (the session enters COMMIT) and OPEN → ABORTED (the applier rolls it
     * back) are decided under {@link #abortLock}: exactly one wins. The applier's H2 rollback happens inside
     * the same critical section, so it can never land on a later transaction of this session.
     */
    private enum ReplicationState { OPEN, COMMITTING, ABORTED }

    private ReplicationState replicationState = ReplicationState.OPEN;
    private final Object abortLock = new Object();
    /** Test seam: runs on the applier's thread between its abort decision and its rollback (under the lock). */
    Runnable afterAbortDecision;
    /** Test seam: runs right after H2's rollback of this session's transaction, before the gate opens again. */
    Runnable afterRollback;

    H2Session(H2Engine engine, ConnectionInfo info, Connection conn) throws SQLException {
        this.engine = engine;
        this.info = info;
        this.conn = conn;
        this.access = new Access(engine.accounts(), info.account(),
                info.clientAddress() == null ? null : info.clientAddress().getHostAddress());
        conn.setAutoCommit(false);
        this.statement = conn.createStatement();
        startVariables();
        if (info.schema() != null && !info.schema().isEmpty()) {
            useSchema(info.schema());
        } else {
            schema = null;
            conn.setSchema("public");
        }
    }

    private void startVariables() throws SQLException {
        vars = engine.variables().newSession(info.account().user(), info.account().host());
        sqlModeChanged();
        autocommit = truth(vars.get("autocommit", SessionVariables.Scope.SESSION));
        applyIsolation(String.valueOf(vars.get("transaction_isolation", SessionVariables.Scope.SESSION)));
    }

    // ---- the contract ----

    @Override
    public Result execute(String sql) throws SQLException {
        try {
            return dispatch(sql);
        } catch (SQLException e) {
            warnings = List.of(new Warning("Error", e.getErrorCode(), e.getMessage())); // SHOW WARNINGS lists it, as in MySQL
            throw e;
        }
    }

    private Result dispatch(String sql) throws SQLException {
        ensureOpen();
        List<Token> tokens = Lexer.lex(sql, backslashEscapes, ansiQuotes);
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        if (end != tokens.size()) {
            tokens = tokens.subList(0, end);
        }
        StatementKind kind = StatementKind.of(tokens);
        failIfAborted(kind == StatementKind.ROLLBACK);
        if (kind != StatementKind.SHOW) {
            warnings = List.of();
        }
        if (engine.hasHandlers()) {
            java.util.Optional<Result> handled = engine.dispatch(this, sql, tokens);
            if (handled.isPresent()) {
                return handled.get();
            }
        }
        if (!applier && (kind.writes() || isAccountStatement(kind, tokens))) {
            admitWrite();
        }
        if (isAccountStatement(kind, tokens)) {
            Result r = dispatch(sql, tokens, kind);
            if (replicates()) {
                // after the store changed (it commits on its own connection): the replication layer
                // sends the accounts' new state, never the statement, whose text may hold a password
                engine.commitHook().beforeCommit(new CapturedTransaction(info.connectionId(), List.of(), sql, null, consistency()), conn);
            }
            return r;
        }
        return dispatch(sql, tokens, kind);
    }

    /** CREATE/ALTER/DROP/RENAME USER, GRANT, REVOKE, SET PASSWORD. */
    public static boolean isAccountStatement(StatementKind kind, List<Token> tokens) {
        return switch (kind) {
            case GRANT, REVOKE -> true;
            case CREATE, ALTER, DROP, RENAME -> tokens.size() > 1 && tokens.get(1).is("USER");
            case SET -> tokens.size() > 1 && tokens.get(1).is("PASSWORD");
            default -> false;
        };
    }

    private Result dispatch(String sql, List<Token> tokens, StatementKind kind) throws SQLException {
        return switch (kind) {
            case SELECT, INSERT, UPDATE, DELETE, REPLACE -> dml(sql, tokens, kind);
            // not MySQL: H2's own statements (CHECKPOINT, SCRIPT, ...) must not be reachable
            case OTHER -> throw new TokenCursor(sql, tokens).syntaxError();
            case SET -> SetStatements.execute(this, new TokenCursor(sql, tokens));
            case SHOW -> ShowStatements.execute(this, new TokenCursor(sql, tokens));
            case DESCRIBE -> ShowStatements.describe(this, new TokenCursor(sql, tokens));
            case USE -> {
                TokenCursor c = new TokenCursor(sql, tokens);
                c.next();
                String db = c.identifier();
                c.expectEnd();
                useSchema(db);
                yield Result.Ok.EMPTY;
            }
            case BEGIN, START, COMMIT, ROLLBACK, SAVEPOINT, RELEASE -> transactionStatement(new TokenCursor(sql, tokens), kind);
            case CREATE, ALTER, DROP, TRUNCATE, RENAME -> DdlStatements.execute(this, new TokenCursor(sql, tokens), kind);
            case GRANT, REVOKE -> AccountStatements.execute(this, new TokenCursor(sql, tokens), kind);
            case FLUSH -> flush(tokens);
            case UNSUPPORTED -> throw MySqlError.ER_NOT_SUPPORTED_YET.exception(tokens.get(0).text().toUpperCase(Locale.ROOT));
            case EMPTY -> throw MySqlError.ER_EMPTY_QUERY.exception();
        };
    }

    /**
     * MySQL's before_transaction_begin: the replication layer may make the transaction wait (consistency BEFORE)
     * or fail it (3797) before it reads anything. Not for the replication applier's own session.
     */
    private void beforeTransactionBegin() throws SQLException {
        io.jgr.store.capture.BeginHook hook = engine.beginHook();
        if (applier || hook == io.jgr.store.capture.BeginHook.NONE) {
            return;
        }
        hook.beforeTransactionBegin(consistency(), this::waitTimeoutSeconds);
    }

    /** The session's group_replication_consistency, which the replication layer reads at commit (AFTER waits there). */
    String consistency() {
        try {
            return String.valueOf(vars.get("group_replication_consistency", SessionVariables.Scope.SESSION));
        } catch (SQLException e) {
            return "EVENTUAL"; // always defined; its default
        }
    }

    private long waitTimeoutSeconds() {
        try {
            return ((Number) vars.get("wait_timeout", SessionVariables.Scope.SESSION)).longValue();
        } catch (SQLException e) {
            return 28_800; // wait_timeout is always defined; its default
        }
    }

    /** The checks before a server-side prepared statement's write (the text path does them in dispatch). */
    void admitWrite(StatementKind kind) throws SQLException {
        if (!applier && kind.writes()) {
            admitWrite();
        }
    }

    /**
     * Before a write: a newly elected primary's hold for the session's consistency level (the replication layer's
     * {@link io.jgr.store.capture.BeginHook#beforeWrite}), then MySQL's read-only modes.
     */
    private void admitWrite() throws SQLException {
        io.jgr.store.capture.BeginHook hook = engine.beginHook();
        if (!txnOpen && hook != io.jgr.store.capture.BeginHook.NONE) {
            hook.beforeWrite(this::consistency, this::waitTimeoutSeconds);
        }
        refuseIfReadOnly();
    }

    /**
     * MySQL's read_only (refuses accounts without SUPER) and super_read_only (refuses everyone):
     * what Group Replication sets on secondaries. The replication applier is exempt.
     */
    private void refuseIfReadOnly() throws SQLException {
        if (engine.superReadOnly()) {
            throw MySqlError.ER_OPTION_PREVENTS_STATEMENT.exception("--super-read-only");
        }
        if (engine.readOnly() && !access.hasGlobal(Privilege.SUPER)) {
            throw MySqlError.ER_OPTION_PREVENTS_STATEMENT.exception("--read-only");
        }
    }

    /** FLUSH PRIVILEGES / TABLES / LOGS / STATUS have nothing to do here; a read lock would be a promise H2 cannot keep. */
    private static Result flush(List<Token> tokens) throws SQLException {
        for (Token t : tokens) {
            if (t.is("LOCK")) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception("FLUSH TABLES WITH READ LOCK");
            }
        }
        return Result.Ok.EMPTY;
    }

    @Override
    public PreparedQuery prepare(String sql) throws SQLException {
        ensureOpen();
        H2PreparedQuery q = H2PreparedQuery.prepare(this, sql);
        prepared.add(q);
        return q;
    }

    void forget(H2PreparedQuery q) {
        prepared.remove(q);
    }

    @Override
    public void useSchema(String name) throws SQLException {
        ensureOpen();
        String lower = name.toLowerCase(Locale.ROOT);
        if (H2Engine.isHidden(lower)) {
            throw MySqlError.ER_DBACCESS_DENIED_ERROR.exception(info.account().user(), access.shownHost(), name);
        }
        String real = realSchema(lower);
        if (real == null) {
            access.requireAnyIn(lower);
            throw MySqlError.ER_BAD_DB_ERROR.exception(name);
        }
        access.requireAnyIn(real);
        conn.setSchema(real);
        schema = real;
    }

    /** The schema's name as H2 stores it, or null if there is none. */
    String realSchema(String name) throws SQLException {
        try (var ps = conn.prepareStatement("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE LOWER(SCHEMA_NAME) = ?")) {
            ps.setString(1, name.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public List<Column> fieldList(String table) throws SQLException {
        ensureOpen();
        if (schema == null) {
            throw MySqlError.ER_NO_DB_ERROR.exception();
        }
        TableInfo t = engine.catalog().table(conn, schema, table);
        if (t == null) {
            throw MySqlError.ER_NO_SUCH_TABLE.exception(schema + "." + table);
        }
        List<Column> cols = new ArrayList<>();
        for (TableInfo.ColumnInfo c : t.columns()) {
            int flags = c.type().flags() | c.keyFlags() | (c.nullable() ? 0 : Column.NOT_NULL_FLAG)
                    | (c.autoIncrement() ? Column.AUTO_INCREMENT_FLAG : 0);
            cols.add(new Column(t.schema(), t.name(), t.name(), c.name(), c.name(), c.type().charset(), c.type().length(),
                    c.type().columnType(), flags, c.type().decimals()));
        }
        return cols;
    }

    @Override
    public void reset() throws SQLException {
        ensureOpen();
        rollback();
        for (H2PreparedQuery q : List.copyOf(prepared)) {
            q.close();
        }
        lastInsertId = 0;
        warnings = List.of();
        isolationAfterTxn = null;
        try (Statement s = conn.createStatement()) {
            // user variables live in the H2 session
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT STATE_KEY FROM INFORMATION_SCHEMA.SESSION_STATE WHERE STATE_KEY LIKE '@%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            } catch (SQLException ignored) {
                // no session-state view: nothing to clear
            }
            for (String n : names) {
                s.execute("SET " + n + " = NULL");
            }
        }
        startVariables();
    }

    @Override
    public String currentSchema() {
        return schema;
    }

    @Override
    public boolean autocommit() {
        return autocommit;
    }

    @Override
    public boolean inTransaction() {
        return txnOpen;
    }

    @Override
    public List<Warning> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            try {
                rollback();
            } catch (SQLException ignored) {
                // the connection goes away anyway
            }
            closed = true;
            try {
                conn.close();
            } catch (SQLException ignored) {
                // nothing to keep
            }
        }
        engine.closed(this);
    }

    /** For the replication applier: its writes are not captured again. */
    public void suppressCapture(boolean on) {
        applier = on;
        capture.suppress(applier || !sqlLogBin);
    }

    /** SET sql_log_bin: with 0 the session's changes are neither captured nor reported (as MySQL does not binlog them). */
    void sqlLogBinChanged(boolean on) {
        sqlLogBin = on;
        capture.suppress(applier || !sqlLogBin);
    }

    /** Whether this session's changes go to the commit hook. */
    boolean replicates() {
        return !capture.suppressed();
    }

    // ---- StatementContext ----

    @Override
    public io.jgr.sql.engine.Account account() {
        return info.account();
    }

    @Override
    public SessionVariables variables() {
        return vars;
    }

    @Override
    public void requireGlobal(Privilege... anyOf) throws SQLException {
        access.requireGlobal(anyOf);
    }

    @Override
    public boolean secureTransport() {
        return info.secure();
    }

    // ---- RewriteContext ----

    @Override
    public String user() {
        return info.account().user() + "@" + (info.clientAddress() == null ? "localhost"
                : info.clientAddress().isLoopbackAddress() ? "localhost" : info.clientAddress().getHostAddress());
    }

    @Override
    public String currentUser() {
        return info.account().user() + "@" + info.account().host();
    }

    @Override
    public long connectionId() {
        return info.connectionId();
    }

    @Override
    public boolean pipesAsConcat() {
        return pipesAsConcat;
    }

    @Override
    public long lastInsertId() {
        return lastInsertId;
    }

    @Override
    public Object systemVariable(String reference) throws SQLException {
        SessionVariables.Reference ref = SessionVariables.Reference.forRead(reference);
        switch (ref.name()) {
            case "identity", "last_insert_id" -> {
                return lastInsertId;
            }
            case "warning_count" -> {
                return (long) warnings.size();
            }
            case "error_count" -> {
                return warnings.stream().filter(w -> w.level().equals("Error")).count();
            }
            default -> {
            }
        }
        return vars.get(ref.name(), ref.scope());
    }

    // ---- statements ----

    private Result dml(String sql, List<Token> given, StatementKind kind) throws SQLException {
        access.checkDml(kind, given, schema);
        List<Token> tokens = (kind == StatementKind.INSERT || kind == StatementKind.REPLACE) && !noAutoValueOnZero
                ? AutoIncrementZero.rewrite(given, this, conn) : given;
        String h2 = H2Rewriter.rewrite(sql, tokens, this);
        boolean readsTables = kind != StatementKind.SELECT || tokens.stream().anyMatch(t -> t.is("FROM"));
        return runInTransaction(() -> {
            boolean insert = kind == StatementKind.INSERT || kind == StatementKind.REPLACE;
            boolean rows = insert ? statement.execute(h2, Statement.RETURN_GENERATED_KEYS) : statement.execute(h2);
            Result r = outcome(statement, rows, kind);
            return insert && r instanceof Result.Ok ok ? insertInfo(tokens, ok) : r;
        }, readsTables);
    }

    /** The result of an executed H2 statement: rows, or an OK with the first generated id. */
    Result outcome(Statement st, boolean rows, StatementKind kind) throws SQLException {
        if (rows) {
            try (ResultSet rs = st.getResultSet()) {
                return ResultReader.read(conn, engine.catalog(), rs);
            }
        }
        long count = st.getLargeUpdateCount();
        long id = 0;
        if ((kind == StatementKind.INSERT || kind == StatementKind.REPLACE) && count > 0) {
            try (ResultSet keys = st.getGeneratedKeys()) {
                if (keys.next() && isAutoIncrement(keys.getMetaData())) {
                    Object k = keys.getObject(1);
                    if (k instanceof Number n) {
                        id = n.longValue();
                        lastInsertId = id;
                    }
                }
            }
        }
        return new Result.Ok(count, id, info(kind, count));
    }

    /**
     * MySQL's info for a multi-row INSERT/REPLACE or INSERT ... SELECT: "Records: R  Duplicates: D
     * Warnings: 0" (duplicates are rows IGNOREd, or replaced/updated, which count twice in the
     * affected rows).
     */
    private static Result insertInfo(List<Token> tokens, Result.Ok ok) {
        int depth = 0;
        int tuples = 0;
        boolean values = false;
        boolean select = false;
        boolean ignore = false;
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                if (depth == 0 && values) {
                    tuples++;
                }
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && (t.is("VALUES") || t.is("VALUE"))) {
                values = true;
            } else if (depth == 0 && t.is("SELECT") && !values) {
                select = true;
            } else if (depth == 0 && t.is("IGNORE") && i <= 2) {
                ignore = true;
            } else if (depth == 0 && t.is("ON")) {
                break;
            }
        }
        long count = ok.affectedRows();
        long records;
        long duplicates;
        if (values && tuples > 1) {
            records = tuples;
            duplicates = ignore ? Math.max(0, tuples - count) : Math.max(0, count - tuples);
        } else if (select && !ignore) {
            records = count;
            duplicates = 0;
        } else {
            return ok;
        }
        return new Result.Ok(count, ok.lastInsertId(), "Records: " + records + "  Duplicates: " + duplicates + "  Warnings: 0");
    }

    /** H2 hands back the primary key as "generated" even when nothing was generated; MySQL reports only AUTO_INCREMENT ids. */
    private boolean isAutoIncrement(java.sql.ResultSetMetaData md) throws SQLException {
        String table = md.getTableName(1);
        String schemaName = md.getSchemaName(1);
        if (table == null || table.isEmpty() || schemaName == null || schemaName.isEmpty()) {
            return false;
        }
        TableInfo t = engine.catalog().table(conn, schemaName, table);
        TableInfo.ColumnInfo c = t == null ? null : t.column(md.getColumnName(1));
        return c != null && c.autoIncrement();
    }

    private String info(StatementKind kind, long count) {
        if (kind == StatementKind.UPDATE) {
            return "Rows matched: " + count + "  Changed: " + (capture.suppressed() ? count : Math.min(count, capture.statementChanges()))
                    + "  Warnings: 0";
        }
        return "";
    }

    @FunctionalInterface
    interface H2Work {
        Result run() throws SQLException;
    }

    /**
     * Runs H2 work as one statement: capture bound to this thread, the statement's rows forgotten
     * if it fails, and a commit afterwards when MySQL's autocommit applies.
     */
    Result runInTransaction(H2Work work) throws SQLException {
        return runInTransaction(work, true);
    }

    /** {@code readsTables}: false for a SELECT without tables, which no consistency level makes wait (as MySQL's). */
    private Result runInTransaction(H2Work work, boolean readsTables) throws SQLException {
        if (!txnOpen && readsTables) {
            beforeTransactionBegin();
        }
        capture.startStatement();
        capture.bind();
        Result result;
        java.util.concurrent.locks.Lock shared = engine.statementLock();
        shared.lock();
        try {
            txnOpen = true;
            result = RollbackFence.armed(conn, work::run); // H2's own rollback of a failed statement: no store meanwhile
        } catch (SQLException e) {
            capture.failStatement();
            SQLException mysql = H2Errors.translate(e, schema, null);
            if (H2Errors.isDeadlock(e) || !explicitTxn && autocommit) {
                rollbackQuietly(); // H2 dropped the whole transaction (40001), or autocommit: nothing to keep
            }
            throw mysql;
        } finally {
            shared.unlock();
            CaptureContext.unbind();
        }
        if (autocommit && !explicitTxn) {
            commit();
        }
        return result;
    }

    private Result transactionStatement(TokenCursor c, StatementKind kind) throws SQLException {
        c.next();
        switch (kind) {
            case BEGIN, START -> {
                if (kind == StatementKind.START) {
                    c.expect("TRANSACTION");
                    do {
                        if (c.accept("WITH", "CONSISTENT", "SNAPSHOT") || c.accept("READ", "WRITE")) {
                            continue;
                        }
                        if (c.accept("READ", "ONLY")) {
                            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("START TRANSACTION READ ONLY");
                        }
                        break;
                    } while (c.acceptSymbol(","));
                } else {
                    c.accept("WORK");
                }
                c.expectEnd();
                if (txnOpen) {
                    commit(); // BEGIN commits an open transaction, as in MySQL
                }
                beforeTransactionBegin();
                explicitTxn = true;
                txnOpen = true;
            }
            case COMMIT -> {
                c.accept("WORK");
                acceptChain(c);
                c.expectEnd();
                commit();
            }
            case ROLLBACK -> {
                c.accept("WORK");
                if (c.accept("TO")) {
                    c.accept("SAVEPOINT");
                    String name = c.identifier();
                    c.expectEnd();
                    rollbackToSavepoint(name);
                    return Result.Ok.EMPTY;
                }
                acceptChain(c);
                c.expectEnd();
                rollback();
            }
            case SAVEPOINT -> {
                String name = c.identifier();
                c.expectEnd();
                if (!txnOpen && autocommit) {
                    return Result.Ok.EMPTY; // MySQL: a savepoint outside a transaction is forgotten at once
                }
                txnOpen = true;
                conn.setSavepoint(name.toLowerCase(Locale.ROOT));
                savepointNames.add(name.toLowerCase(Locale.ROOT));
                capture.savepoint(name);
            }
            case RELEASE -> {
                c.expect("SAVEPOINT");
                String name = c.identifier();
                c.expectEnd();
                if (!capture.hasSavepoint(name)) {
                    throw MySqlError.ER_SP_DOES_NOT_EXIST.exception("SAVEPOINT", name);
                }
                try (Statement s = conn.createStatement()) {
                    s.execute("RELEASE SAVEPOINT " + H2Engine.ident(name.toLowerCase(Locale.ROOT)));
                } catch (SQLException ignored) {
                    // H2 keeps savepoints until the transaction ends; releasing is bookkeeping only
                }
                capture.release(name);
            }
            default -> throw c.syntaxError();
        }
        return Result.Ok.EMPTY;
    }

    private final List<String> savepointNames = new ArrayList<>();

    private void rollbackToSavepoint(String name) throws SQLException {
        if (!capture.hasSavepoint(name)) {
            throw MySqlError.ER_SP_DOES_NOT_EXIST.exception("SAVEPOINT", name);
        }
        try (Statement s = conn.createStatement()) {
            RollbackFence.fenced(conn, () -> s.execute("ROLLBACK TO SAVEPOINT " + H2Engine.ident(name.toLowerCase(Locale.ROOT))));
        } catch (SQLException e) {
            throw H2Errors.translate(e, schema, null);
        }
        capture.rollbackTo(name);
    }

    private static void acceptChain(TokenCursor c) throws SQLException {
        if (c.accept("AND")) {
            c.accept("NO");
            c.expect("CHAIN");
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("AND CHAIN");
        }
        if (c.accept("NO")) {
            c.expect("RELEASE");
        } else if (c.accept("RELEASE")) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception("RELEASE");
        }
    }

    /**
     * The replication applier needs a row lock this session's open transaction holds: roll the
     * transaction back from the applier's thread (H2 allows it; the notes measured it releasing the
     * locks). The client learns it at its next statement (1213). A transaction already in COMMIT is
     * left alone: the group decides it.
     *
     * <p>The decision and the H2 rollback are one step under {@link #abortLock}, which COMMIT, the next
     * statement's abort check and ROLLBACK also take: a rollback done after the lock was released could
     * land on the session's <em>next</em> transaction, whose captured rows would then be broadcast and
     * certified though H2 had dropped them — an acknowledged update lost on every member
     * (docs/replication.md, "Local transactions vs the applier"). A statement already running finishes
     * first (H2 serialises the rollback with it) and is rolled back too; ABORTED stays until reported.
     *
     * @param conflicts whether the transaction's captured rows touch what the applier needs
     * @return true if the transaction was rolled back
     */
    public boolean abortForReplication(java.util.function.Predicate<List<io.jgr.store.capture.RowChange>> conflicts) {
        synchronized (abortLock) {
            if (replicationState != ReplicationState.OPEN || !txnOpen || applier || !conflicts.test(capture.rows())) {
                return false;
            }
            replicationState = ReplicationState.ABORTED;
            Runnable seam = afterAbortDecision;
            if (seam != null) {
                seam.run();
            }
            try {
                rollbackH2();
            } catch (SQLException ignored) {
                // the transaction is gone either way
            }
            return true;
        }
    }

    /** The rows this session's open transaction has written so far (for the applier's conflict check). */
    public List<io.jgr.store.capture.RowChange> openTransactionRows() {
        return txnOpen ? capture.rows() : List.of();
    }

    /** After an abort by the applier: 1213 for the next statement, unless it is the client's own ROLLBACK. */
    void failIfAborted(boolean rollingBack) throws SQLException {
        synchronized (abortLock) {
            if (replicationState != ReplicationState.ABORTED) {
                return;
            }
            rollbackQuietly(); // under the lock: the capture buffer is empty before the applier looks again
        }
        if (!rollingBack) {
            throw MySqlError.ER_LOCK_DEADLOCK.exception();
        }
    }

    /** Offers the captured rows to the commit hook, then commits H2; a refusal rolls back. */
    void commit() throws SQLException {
        synchronized (abortLock) {
            if (replicationState == ReplicationState.ABORTED) {
                rollbackQuietly();
                throw MySqlError.ER_LOCK_DEADLOCK.exception();
            }
            replicationState = ReplicationState.COMMITTING; // from here the applier leaves it to the group
        }
        try {
            commitOnce();
        } finally {
            synchronized (abortLock) {
                replicationState = ReplicationState.OPEN;
            }
        }
    }

    private void commitOnce() throws SQLException {
        CapturedTransaction tx = null;
        CommitHook hook = null;
        if (!capture.isEmpty()) {
            tx = new CapturedTransaction(info.connectionId(), capture.rows(), null, null, consistency());
            hook = engine.commitHook();
            try {
                hook.beforeCommit(tx, conn);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                if (e instanceof SQLException s) {
                    throw s;
                }
                throw MySqlError.ER_TRANSACTION_ROLLBACK_DURING_COMMIT.exception();
            }
        }
        try {
            conn.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw H2Errors.translate(e, schema, null);
        }
        endTransaction();
        if (hook != null) {
            hook.afterCommit(tx);
        }
    }

    void rollback() throws SQLException {
        synchronized (abortLock) {
            try {
                rollbackH2();
            } finally {
                endTransaction();
                if (replicationState == ReplicationState.ABORTED) {
                    replicationState = ReplicationState.OPEN; // rolled back anyway: nothing left to report
                }
            }
        }
    }

    /** H2's rollback of the open transaction, not while the replication applier writes ({@link RollbackGate}). */
    private void rollbackH2() throws SQLException {
        RollbackGate gate = engine.rollbackGate();
        boolean gated = gate.enterRollback();
        try {
            RollbackFence.rollback(conn);
            Runnable seam = afterRollback;
            if (seam != null) {
                seam.run();
            }
        } finally {
            if (gated) {
                gate.leaveRollback();
            }
        }
    }

    private void rollbackQuietly() {
        try {
            rollback();
        } catch (SQLException ignored) {
            // the transaction is gone either way
        }
    }

    private void endTransaction() throws SQLException {
        capture.clear();
        savepointNames.clear();
        txnOpen = false;
        explicitTxn = false;
        if (isolationAfterTxn != null) {
            String level = isolationAfterTxn;
            isolationAfterTxn = null;
            vars.set("transaction_isolation", SessionVariables.Scope.SESSION, level);
            applyIsolation(level);
        }
    }

    // ---- for the statement helpers ----

    H2Engine engine() {
        return engine;
    }

    /** The session's H2 connection (the replication applier writes row images through it directly). */
    public Connection connection() {
        return conn;
    }

    Statement statement() {
        return statement;
    }

    ConnectionInfo connectionInfo() {
        return info;
    }

    Access access() {
        return access;
    }

    SessionVariables vars() {
        return vars;
    }

    CaptureContext capture() {
        return capture;
    }

    void setWarnings(List<Warning> w) {
        warnings = List.copyOf(w);
    }

    @Override
    public void addWarning(Warning w) {
        List<Warning> all = new ArrayList<>(warnings);
        all.add(w);
        warnings = List.copyOf(all);
    }

    boolean explicitTransaction() {
        return explicitTxn;
    }

    void schemaDropped(String dropped) throws SQLException {
        if (schema != null && schema.equalsIgnoreCase(dropped)) {
            schema = null;
            conn.setSchema("public");
        }
    }

    /** The schema for an unqualified name: the current one, or 1046. */
    String schemaFor(String qualifier) throws SQLException {
        if (qualifier != null) {
            return qualifier;
        }
        if (schema == null) {
            throw MySqlError.ER_NO_DB_ERROR.exception();
        }
        return schema;
    }

    /** sql_mode decides how the lexer reads backslashes and double quotes. */
    void sqlModeChanged() {
        String mode;
        try {
            mode = String.valueOf(vars.get("sql_mode", SessionVariables.Scope.SESSION)).toUpperCase(Locale.ROOT);
        } catch (SQLException unknown) {
            mode = "";
        }
        backslashEscapes = !mode.contains("NO_BACKSLASH_ESCAPES");
        boolean ansi = mode.equals("ANSI") || mode.startsWith("ANSI,") || mode.contains(",ANSI,") || mode.endsWith(",ANSI");
        ansiQuotes = ansi || mode.contains("ANSI_QUOTES");
        pipesAsConcat = ansi || mode.contains("PIPES_AS_CONCAT");
        noAutoValueOnZero = mode.contains("NO_AUTO_VALUE_ON_ZERO");
    }

    List<Token> lex(String sql) throws SQLException {
        return Lexer.lex(sql, backslashEscapes, ansiQuotes);
    }

    /** SET autocommit: turning it on commits an open transaction, as in MySQL. */
    void autocommitChanged(boolean on) throws SQLException {
        if (on && !autocommit && txnOpen) {
            commit(); // 0 → 1 commits the open transaction, BEGIN's included
        }
        autocommit = on;
    }

    /**
     * SET transaction_isolation: applied to H2, which really runs that level. For SET TRANSACTION
     * without a scope, {@code restoreAfter} is the session value to return to when the next
     * transaction ends.
     */
    void isolationChanged(String level, String restoreAfter) throws SQLException {
        if (txnOpen && capture.isEmpty() && !explicitTxn) {
            conn.commit();
            endTransaction();
        }
        if (txnOpen) {
            throw MySqlError.ER_CANT_CHANGE_TX_CHARACTERISTICS.exception();
        }
        isolationAfterTxn = restoreAfter;
        applyIsolation(level);
    }

    private void applyIsolation(String level) throws SQLException {
        int h2 = switch (level.toUpperCase(Locale.ROOT).replace(' ', '-')) {
            case "READ-UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ-COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> Connection.TRANSACTION_REPEATABLE_READ;
        };
        conn.setTransactionIsolation(h2);
    }

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        String s = v.toString().trim().toUpperCase(Locale.ROOT);
        return s.equals("ON") || s.equals("1") || s.equals("TRUE") || s.equals("YES");
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw MySqlError.ER_SERVER_SHUTDOWN.exception();
        }
    }
}
