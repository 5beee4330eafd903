package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import io.jgr.testing.LogCapture;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a server commits while no group replicates it gets MySQL's {@code server_uuid:N} GTIDs in
 * {@code @@gtid_executed}, counted atomically with the data (a rolled-back or {@code sql_log_bin=0}
 * transaction counts nothing), and the count survives a restart.
 */
class OutsideGroupTransactionsTest {
    static final AtomicLong IDS = new AtomicLong();
    static final UUID SERVER = UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    @TempDir
    Path dir;

    final class Server implements AutoCloseable {
        final SystemVariables vars = SystemVariables.standard();
        final H2Engine engine;
        final OutsideGroupTransactions outside;

        Server() throws Exception {
            engine = H2Engine.open(dir, vars, H2Engine.Options.defaults().withRootPassword("pw"));
            outside = OutsideGroupTransactions.install(engine, new ExecutedGtids(vars), SERVER);
        }

        Session session() throws Exception {
            Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
            return engine.openSession(new ConnectionInfo(IDS.incrementAndGet(), root, InetAddress.getLoopbackAddress(), null, null, null));
        }

        String executed() {
            return engine.globalVariable("gtid_executed").orElseThrow();
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    @Test
    void everyCommittedTransactionAndStatementGetsTheNextServerGtid() throws Exception {
        try (Server s = new Server(); Session a = s.session(); Session b = s.session()) {
            assertThat(s.executed()).isEmpty();
            a.execute("CREATE DATABASE app"); // DDL: 1
            a.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v INT)"); // 2
            a.execute("INSERT INTO app.t VALUES (1, 1)"); // 3
            b.execute("INSERT INTO app.t VALUES (2, 2)"); // 4, another connection
            a.execute("BEGIN");
            a.execute("UPDATE app.t SET v = 10 WHERE id = 1");
            a.execute("INSERT INTO app.t VALUES (3, 3)");
            a.execute("COMMIT"); // 5: one transaction, one GTID
            a.execute("CREATE USER app@'%' IDENTIFIED BY 'app-Secret-1'"); // 6: an account statement
            assertThat(s.executed()).isEqualTo(SERVER + ":1-6");
            assertThat(s.outside.committed()).isEqualTo(6);
        }
    }

    @Test
    void rolledBackUnloggedAndEmptyTransactionsGetNone() throws Exception {
        try (Server s = new Server(); Session a = s.session()) {
            a.execute("CREATE DATABASE app");
            a.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v INT)");
            a.execute("BEGIN");
            a.execute("INSERT INTO app.t VALUES (1, 1)");
            a.execute("ROLLBACK");
            a.execute("UPDATE app.t SET v = 2 WHERE id = 99"); // no row changed
            a.execute("SET SESSION sql_log_bin = 0");
            a.execute("INSERT INTO app.t VALUES (2, 2)");
            a.execute("CREATE USER app@'%' IDENTIFIED BY 'app-Secret-1'");
            a.execute("SET SESSION sql_log_bin = 1");
            assertThatThrownBy(() -> a.execute("INSERT INTO app.t VALUES (2, 3)")).hasMessageContaining("Duplicate entry");
            assertThat(s.executed()).isEqualTo(SERVER + ":1-2");
        }
    }

    @Test
    void theCountSurvivesARestartAndWhatABootstrapAcknowledgesToo() throws Exception {
        try (Server s = new Server(); Session a = s.session(); Session b = s.session()) {
            a.execute("CREATE DATABASE app");
            a.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v INT)");
            b.execute("INSERT INTO app.t VALUES (1, 1)");
        }
        try (Server s = new Server(); Session a = s.session(); LogCapture log = LogCapture.open()) {
            assertThat(s.executed()).isEqualTo(SERVER + ":1-3");
            assertThat(s.outside.knownToGroup()).isZero();
            a.execute("INSERT INTO app.t VALUES (2, 2)");
            s.outside.acknowledge();
            assertThat(log.lines()).anyMatch(l -> l.contains("This member bootstraps the group holding transactions committed "
                    + "outside a group (" + SERVER + ":1-4)"));
        }
        try (Server s = new Server(); Session a = s.session()) {
            assertThat(s.executed()).isEqualTo(SERVER + ":1-4");
            assertThat(s.outside.knownToGroup()).isEqualTo(4);
            a.execute("INSERT INTO app.t VALUES (3, 3)");
            assertThat(s.outside.committed()).isEqualTo(5);
        }
    }

    @Test
    void theSetShowsTheGroupAndTheServerSortedByUuid() {
        UUID group = UUID.fromString("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");
        assertThat(ExecutedGtids.text(group, 7, SERVER, 2)).isEqualTo(SERVER + ":1-2,\n" + group + ":1-7");
        assertThat(ExecutedGtids.text(group, 1, SERVER, 0)).isEqualTo(group + ":1");
        assertThat(ExecutedGtids.text(null, 0, SERVER, 0)).isEmpty();
    }
}
