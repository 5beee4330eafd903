package io.jgr.store;

import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.capture.CapturedTransaction;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An engine on a temporary datadir with a recording commit hook, and helpers for tests. */
final class EngineFixture implements AutoCloseable {
    static final String ROOT_PASSWORD = "rootpw-Secret1";
    final Path datadir;
    final MapVariables variables = new MapVariables();
    final List<CapturedTransaction> committed = new CopyOnWriteArrayList<>();
    H2Engine engine;
    private long ids;

    EngineFixture(Path datadir) throws SQLException {
        this.datadir = datadir;
        open();
    }

    void open() throws SQLException {
        engine = H2Engine.open(datadir, variables, H2Engine.Options.defaults().withRootPassword(ROOT_PASSWORD)
                .withCommitHook(committed::add));
    }

    void restart() throws SQLException {
        engine.close();
        open();
    }

    Session root() throws SQLException {
        return as("root", InetAddress.getLoopbackAddress(), null);
    }

    Session as(String user, InetAddress from, String schema) throws SQLException {
        Account a = engine.findAccount(user, from).orElseThrow(() -> new AssertionError("no account for " + user));
        return engine.openSession(new ConnectionInfo(++ids, a, from, null, null, schema));
    }

    static List<List<Object>> rows(Result r) {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] row : ((Result.Rows) r).rows()) {
            out.add(java.util.Arrays.asList(row));
        }
        return out;
    }

    static Object scalar(Session s, String sql) throws SQLException {
        return ((Result.Rows) s.execute(sql)).rows().get(0)[0];
    }

    @Override
    public void close() {
        engine.close();
    }
}
