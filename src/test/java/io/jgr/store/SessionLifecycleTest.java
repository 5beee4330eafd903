package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Session;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COM_RESET_CONNECTION, COM_FIELD_LIST, COM_INIT_DB and close, as the protocol server calls them. */
class SessionLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void resetFieldListUseAndClose() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            try (Session s = f.root()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT UNSIGNED PRIMARY KEY AUTO_INCREMENT, flag TINYINT(1) NOT NULL)");
            }
            try (Session s = f.as("root", InetAddress.getLoopbackAddress(), "app")) {
                assertThat(s.currentSchema()).isEqualTo("app");
                List<Column> fields = s.fieldList("t");
                assertThat(fields).extracting(Column::name).containsExactly("id", "flag");
                assertThat(fields.get(0).flags() & (Column.UNSIGNED_FLAG | Column.PRI_KEY_FLAG | Column.AUTO_INCREMENT_FLAG))
                        .isEqualTo(Column.UNSIGNED_FLAG | Column.PRI_KEY_FLAG | Column.AUTO_INCREMENT_FLAG);
                assertThat(fields.get(1).length()).isEqualTo(1);
                assertThatThrownBy(() -> s.fieldList("nosuch")).hasMessage("Table 'app.nosuch' doesn't exist");
                assertThatThrownBy(() -> s.useSchema("nosuch")).hasMessage("Unknown database 'nosuch'");

                s.execute("SET @x = 1");
                s.execute("SET autocommit = 0");
                s.execute("INSERT INTO t (flag) VALUES (1)");
                PreparedQuery q = s.prepare("SELECT COUNT(*) FROM t");
                assertThat(s.inTransaction()).isTrue();
                s.reset();
                assertThat(s.inTransaction()).isFalse();
                assertThat(s.autocommit()).isTrue();
                assertThat(EngineFixture.scalar(s, "SELECT @x")).isNull();
                assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM t")).isEqualTo(0L);
                assertThatThrownBy(() -> q.execute(List.of())).isInstanceOf(SQLException.class);

                s.execute("BEGIN");
                s.execute("INSERT INTO t (flag) VALUES (0)");
            }
            // closing rolled the open transaction back
            try (Session s = f.root()) {
                assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM app.t")).isEqualTo(0L);
            }
            assertThat(f.committed.stream().filter(tx -> !tx.isDdl())).isEmpty();
        }
    }

    /** A connection's thread and the engine's shutdown may close one session at the same moment (CI, session 20). */
    @Test
    void twoThreadsClosingOneSessionRollBackOnceAndNeitherFails() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            try (Session s = f.root()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY)");
            }
            CyclicBarrier both = new CyclicBarrier(2);
            for (int round = 0; round < 200; round++) {
                Session s = f.root();
                s.execute("BEGIN");
                s.execute("INSERT INTO app.t VALUES (" + round + ")");
                CompletableFuture<Void> other = CompletableFuture.runAsync(() -> closeTogether(both, s));
                closeTogether(both, s);
                other.get(10, TimeUnit.SECONDS);
            }
            assertThat(f.engine.sessionCount()).isZero();
            try (Session s = f.root()) {
                assertThat(EngineFixture.scalar(s, "SELECT COUNT(*) FROM app.t")).isEqualTo(0L);
            }
        }
    }

    private static void closeTogether(CyclicBarrier both, Session s) {
        try {
            both.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        s.close();
    }

    /** A session opened while the engine closes is refused or closed with the others, never left open. */
    @Test
    void sessionsOpenedWhileTheEngineClosesAreRefusedOrClosedWithIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            List<Session> opened = new CopyOnWriteArrayList<>();
            ExecutorService openers = Executors.newFixedThreadPool(3);
            try (EngineFixture f = new EngineFixture(dir.resolve("round-" + round))) {
                for (int t = 0; t < 3; t++) {
                    openers.submit(() -> {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (System.nanoTime() < deadline) {
                            try {
                                opened.add(f.root());
                            } catch (SQLException e) {
                                return; // refused: the engine is closing
                            }
                        }
                    });
                }
                int before = 1 + round % 4; // close while the openers are busy: after a few of their opens
                await().pollDelay(0, TimeUnit.MILLISECONDS).pollInterval(1, TimeUnit.MILLISECONDS).atMost(10, TimeUnit.SECONDS)
                        .until(() -> opened.size() >= before);
                f.close(); // inside the openers' run; closing again on the way out does nothing
            } finally {
                openers.shutdown();
                assertThat(openers.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
            }
            for (Session s : opened) {
                assertThatThrownBy(() -> s.execute("SELECT 1")).as("round %d", round)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1053));
            }
        }
    }
}
