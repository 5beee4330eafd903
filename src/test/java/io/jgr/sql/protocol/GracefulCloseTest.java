package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing the server lets a command in flight write its reply (SHUTDOWN's OK) and cuts idle connections. */
class GracefulCloseTest {

    private static Connection connect(TestServer server) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "rootpw");
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/test?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=10000&socketTimeout=20000", p);
    }

    @Test
    void aCommandInFlightGetsItsReplyBeforeTheConnectionEnds() throws Exception {
        TestServer server = new TestServer(null);
        try (Connection busy = connect(server); Connection idle = connect(server)) {
            CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(() -> {
                try (Statement s = busy.createStatement()) {
                    s.execute("DO SLOW()");
                    return true;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(server.engine.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            // the idle connection is cut while the busy one is still executing
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    try (Statement s = idle.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    Thread.sleep(20);
                }
            }).isInstanceOf(SQLException.class);
            server.engine.slowRelease.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isTrue();
            closing.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> {
                try (Statement s = busy.createStatement()) {
                    s.execute("SELECT 1");
                }
            }).isInstanceOf(SQLException.class);
        } finally {
            server.close();
        }
    }

    /**
     * The member closes its engine right after this server: a session still closing on its connection's
     * thread would then race the engine's own close of it (session 20's shutdown NPE).
     */
    @Test
    void closeReturnsOnlyOnceEveryConnectionsSessionIsClosed() throws Exception {
        TestServer server = new TestServer(null);
        server.engine.sessionCloseMillis = 300;
        try (Connection a = connect(server); Connection b = connect(server); Connection c = connect(server)) {
            server.close();
            assertThat(server.engine.sessionsClosed.get()).isEqualTo(3);
            assertThat(server.server.connections().size()).isZero();
        } finally {
            server.close();
        }
    }
}
