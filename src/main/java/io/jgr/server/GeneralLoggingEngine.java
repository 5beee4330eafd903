package io.jgr.server;

import io.jgr.server.log.GeneralLog;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.SqlEngine;
import io.jgr.sql.engine.Warning;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The general log between the protocol server and the engine: each session's connect, statements
 * (masked by {@link GeneralLog}), prepares, executes, database changes and quit, as MySQL writes
 * them before running the command. {@link GeneralLog} does nothing while general_log is OFF.
 */
final class GeneralLoggingEngine implements SqlEngine {
    private final SqlEngine engine;
    private final GeneralLog log;

    GeneralLoggingEngine(SqlEngine engine, GeneralLog log) {
        this.engine = engine;
        this.log = log;
    }

    @Override
    public Optional<Account> findAccount(String user, InetAddress client) {
        return engine.findAccount(user, client);
    }

    @Override
    public Session openSession(ConnectionInfo connection) throws SQLException {
        Session session = engine.openSession(connection);
        if (log.enabled()) {
            log.connect(connection.connectionId(), connection.account().user(),
                    connection.clientAddress().getHostAddress(), connection.schema(), connection.secure());
        }
        return new LoggedSession(session, connection.connectionId());
    }

    @Override
    public Optional<String> globalVariable(String name) {
        return engine.globalVariable(name);
    }

    @Override
    public void close() {
        engine.close();
    }

    private final class LoggedSession implements Session {
        private final Session session;
        private final long id;

        LoggedSession(Session session, long id) {
            this.session = session;
            this.id = id;
        }

        @Override
        public Result execute(String sql) throws SQLException {
            log.statement(id, sql);
            return session.execute(sql);
        }

        @Override
        public PreparedQuery prepare(String sql) throws SQLException {
            log.command(id, "Prepare", sql);
            PreparedQuery q = session.prepare(sql);
            return new PreparedQuery() {
                @Override
                public List<Column> parameters() {
                    return q.parameters();
                }

                @Override
                public List<Column> columns() {
                    return q.columns();
                }

                @Override
                public Result execute(List<Object> parameters) throws SQLException {
                    // The statement text only: parameter values may be secrets the masker cannot see.
                    log.command(id, "Execute", sql);
                    return q.execute(parameters);
                }

                @Override
                public void close() {
                    q.close();
                }
            };
        }

        @Override
        public void useSchema(String schema) throws SQLException {
            log.command(id, "Init DB", schema);
            session.useSchema(schema);
        }

        @Override
        public List<Column> fieldList(String table) throws SQLException {
            log.command(id, "Field List", table);
            return session.fieldList(table);
        }

        @Override
        public void reset() throws SQLException {
            log.command(id, "Reset Connection", "");
            session.reset();
        }

        @Override
        public String currentSchema() {
            return session.currentSchema();
        }

        @Override
        public boolean autocommit() {
            return session.autocommit();
        }

        @Override
        public boolean inTransaction() {
            return session.inTransaction();
        }

        @Override
        public List<Warning> warnings() {
            return session.warnings();
        }

        @Override
        public void close() {
            log.quit(id);
            session.close();
        }
    }
}
