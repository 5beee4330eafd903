package io.jgr.bench;

import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Session;
import io.jgr.sql.statement.H2Rewriter;
import io.jgr.sql.statement.Lexer;
import io.jgr.sql.statement.RewriteContext;
import io.jgr.store.H2Engine;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * In-process cost of the engine's statement path (lexer, rewrite, privilege check, H2, capture,
 * emulated autocommit with a WRITE_DELAY=0 commit) against raw H2 JDBC on the same kind of file
 * database. Run with {@code bench/sql-engine.sh}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SqlEngineBench {
    private Path dir;
    private H2Engine engine;
    private Session session;
    private PreparedQuery insert;
    private H2Engine delayedEngine;
    private Session delayed;
    private Connection raw;
    private Connection rawDelayed;
    private PreparedStatement rawDelayedInsert;
    private PreparedStatement rawInsert;
    private long id;
    private static final RewriteContext CTX = new RewriteContext() {
        public String currentSchema() {
            return "b";
        }

        public String user() {
            return "root@localhost";
        }

        public String currentUser() {
            return "root@localhost";
        }

        public long connectionId() {
            return 1;
        }

        public long lastInsertId() {
            return 0;
        }

        public Object systemVariable(String reference) {
            return "x";
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jgr-bench");
        engine = H2Engine.open(dir.resolve("engine"), SystemVariables.standard(), H2Engine.Options.defaults().withRootPassword("pw"));
        Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
        session = engine.openSession(new ConnectionInfo(1, root, InetAddress.getLoopbackAddress(), null, null, null));
        session.execute("CREATE DATABASE b");
        session.execute("USE b");
        session.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(32))");
        session.execute("INSERT INTO t VALUES (0, 'zero')");
        insert = session.prepare("INSERT INTO t VALUES (?, ?)");
        raw = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("raw/db") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
        try (Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(32))");
        }
        rawInsert = raw.prepareStatement("INSERT INTO t VALUES (?, ?)");
        delayedEngine = H2Engine.open(dir.resolve("delayed"), SystemVariables.standard(),
                H2Engine.Options.defaults().withRootPassword("pw").withWriteDelayMs(500));
        delayed = delayedEngine.openSession(new ConnectionInfo(2, root, InetAddress.getLoopbackAddress(), null, null, null));
        delayed.execute("CREATE DATABASE b");
        delayed.execute("USE b");
        delayed.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(32))");
        rawDelayed = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("rawdelayed/db") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        try (Statement s = rawDelayed.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(32))");
        }
        rawDelayedInsert = rawDelayed.prepareStatement("INSERT INTO t VALUES (?, ?)");
        id = 1;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.close();
        engine.close();
        raw.close();
        delayed.close();
        delayedEngine.close();
        rawDelayed.close();
    }

    @Benchmark
    public Object engineAutocommitInsertTextWriteDelay500() throws SQLException {
        return delayed.execute("INSERT INTO t VALUES (" + (id++) + ", 'it\\'s a value')");
    }

    @Benchmark
    public Object h2RawAutocommitInsertPreparedWriteDelay500() throws SQLException {
        rawDelayedInsert.setLong(1, id++);
        rawDelayedInsert.setString(2, "value");
        return rawDelayedInsert.executeUpdate();
    }

    @Benchmark
    public Object engineAutocommitInsertText() throws SQLException {
        return session.execute("INSERT INTO t VALUES (" + (id++) + ", 'it\\'s a value')");
    }

    @Benchmark
    public Object engineAutocommitInsertPrepared() throws SQLException {
        return insert.execute(List.of(id++, "value"));
    }

    @Benchmark
    public Object enginePointSelect() throws SQLException {
        return session.execute("SELECT v FROM t WHERE id = 0");
    }

    @Benchmark
    public Object h2RawAutocommitInsertPrepared() throws SQLException {
        rawInsert.setLong(1, id++);
        rawInsert.setString(2, "value");
        return rawInsert.executeUpdate();
    }

    @Benchmark
    public Object lexAndRewrite() throws SQLException {
        String sql = "SELECT c, @@version FROM sbtest1 WHERE id BETWEEN 10 AND 20 AND c <> 'it\\'s' ORDER BY c";
        return H2Rewriter.rewrite(sql, Lexer.lex(sql), CTX);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(SqlEngineBench.class.getSimpleName()).build()).run();
    }
}
