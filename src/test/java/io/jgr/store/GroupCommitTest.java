package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits on several connections with one store, on a real H2 file with WRITE_DELAY=0 (the member's setting). */
class GroupCommitTest {
    private static final int SESSIONS = 5;

    @TempDir
    Path dir;
    private final List<Connection> sessions = new ArrayList<>();
    private MVStore store;

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0";
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(DriverManager.getConnection(url));
        }
        try (Statement s = sessions.get(0).createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        }
        for (Connection c : sessions) {
            c.setAutoCommit(false);
        }
        store = GroupCommit.mvStore(sessions.get(0));
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection c : sessions) {
            c.close();
        }
    }

    /** One insert per session, left open (as sessions parked at COMMIT are). */
    private void insertOnEverySession(int base) throws SQLException {
        for (int i = 0; i < SESSIONS; i++) {
            try (Statement s = sessions.get(i).createStatement()) {
                s.execute("INSERT INTO t VALUES (" + (base + i) + ")");
            }
        }
    }

    @Test
    void h2StillHasTheFieldsThatSuspendItsStore() throws SQLException {
        // a canary: on an H2 without them every commit stores again (correct, but the saving is gone)
        assertThat(GroupCommit.of(sessions.get(0)).suspends()).isTrue();
    }

    @Test
    void commitsInsideARunShareOneStoreAndAreInTheFileWhenItReturns() throws Exception {
        insertOnEverySession(0);
        long before = store.getCurrentVersion();
        for (Connection c : sessions) {
            c.commit();
        }
        assertThat(store.getCurrentVersion() - before).as("stores of %d plain commits", SESSIONS).isEqualTo(SESSIONS);

        insertOnEverySession(100);
        long start = store.getCurrentVersion();
        GroupCommit.of(sessions.get(0)).run(() -> {
            for (Connection c : sessions) {
                c.commit();
            }
            assertThat(store.getCurrentVersion()).as("nothing stored inside the run").isEqualTo(start);
        });
        assertThat(store.getCurrentVersion() - start).as("stores of %d commits in one run", SESSIONS).isEqualTo(1);
        assertThat(store.hasUnsavedChanges()).isFalse();
        try (Statement s = sessions.get(0).createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM t")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(2 * SESSIONS);
        }
    }

    @Test
    void aFailingRunStillStoresWhatItCommitted() throws Exception {
        insertOnEverySession(0);
        assertThatThrownBy(() -> GroupCommit.of(sessions.get(0)).run(() -> {
            sessions.get(0).commit();
            throw new SQLException("the second commit failed");
        })).hasMessage("the second commit failed");
        assertThat(store.hasUnsavedChanges()).isFalse();
        // the store works as before afterwards: a plain commit stores on its own again
        long before = store.getCurrentVersion();
        sessions.get(1).commit();
        assertThat(store.getCurrentVersion() - before).isEqualTo(1);
    }
}
