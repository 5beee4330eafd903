package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The donor statement on a real engine: privilege, syntax, and rows produced page by page. */
class DonorLogStatementsTest {
    private static final String G = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    @TempDir
    Path dir;

    /** Generated payloads of 64 KiB that count open streams and the most any stream was read. */
    static final class CountingLog implements DonorLog {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger maxPerStream = new AtomicInteger();

        @Override
        public Size size(GtidRange r) {
            return new Size(r.count(), r.count() * 65536);
        }

        @Override
        public Stream<LoggedTransaction> read(GtidRange r) {
            reads.incrementAndGet();
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            AtomicInteger taken = new AtomicInteger();
            return LongStream.rangeClosed(r.first(), r.last()).mapToObj(n -> {
                maxPerStream.accumulateAndGet(taken.incrementAndGet(), Math::max);
                return new LoggedTransaction(r.gtid(n), new byte[65536]);
            }).onClose(open::decrementAndGet);
        }
    }

    private H2Engine engine(CountingLog log) throws SQLException {
        H2Engine e = H2Engine.open(dir, SystemVariables.standard(), H2Engine.Options.defaults().withRootPassword("root-pw-1"));
        new DonorLogStatements(() -> log).register(e);
        return e;
    }

    private static Session session(H2Engine e, String user) throws SQLException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return e.openSession(new ConnectionInfo(1, e.findAccount(user, lo).orElseThrow(), lo, null, null, null));
    }

    @Test
    void rowsAreReadInBoundedPagesWithOneStreamOpenAtATime() throws Exception {
        CountingLog log = new CountingLog();
        try (H2Engine e = engine(log); Session root = session(e, "root")) {
            Result.Rows size = (Result.Rows) root.execute("DUMP RECOVERY LOG SIZE '" + G + ":1-1000'");
            assertThat(size.rows().get(0)).containsExactly(1000L, 1000L * 65536);
            Result.Rows rows = (Result.Rows) root.execute("DUMP RECOVERY LOG '" + G + ":1-1000'");
            assertThat(log.reads.get()).isZero(); // nothing is read before the protocol server iterates
            long n = 0;
            for (Object[] row : rows.rows()) {
                n++;
                assertThat(row[0]).isEqualTo(G + ":" + n);
                assertThat(log.open.get()).isZero(); // each page's stream is closed before its rows are handed out
            }
            assertThat(n).isEqualTo(1000);
            assertThat(log.maxOpen.get()).isEqualTo(1);
            assertThat(log.maxPerStream.get()).isEqualTo(DonorLogStatements.PAGE_BYTES / 65536);
            assertThat(log.reads.get()).isEqualTo((int) Math.ceil(1000.0 / (DonorLogStatements.PAGE_BYTES / 65536)));
        }
    }

    @Test
    void replicationSlaveIsRequired() throws Exception {
        try (H2Engine e = engine(new CountingLog())) {
            try (Session root = session(e, "root")) {
                root.execute("CREATE USER app@'%' IDENTIFIED BY 'app-pw'");
            }
            try (Session app = session(e, "app")) {
                assertThatThrownBy(() -> app.execute("DUMP RECOVERY LOG '" + G + ":1-2'"))
                        .isInstanceOfSatisfying(SQLException.class, x -> assertThat(x.getErrorCode()).isEqualTo(1227))
                        .hasMessage("Access denied; you need (at least one of) the REPLICATION SLAVE privilege(s) for this operation");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DUMP RECOVERY LOG|1064",
            "DUMP RECOVERY LOG SIZE|1064",
            "DUMP RECOVERY LOG 'x:1-2'|1210",
            "DUMP RECOVERY LOG '" + G + ":1-2' extra|1064"})
    void badStatements(String sql, int code) throws Exception {
        try (H2Engine e = engine(new CountingLog()); Session root = session(e, "root")) {
            assertThatThrownBy(() -> root.execute(sql)).isInstanceOfSatisfying(SQLException.class,
                    x -> assertThat(x.getErrorCode()).isEqualTo(code));
        }
    }

    @Test
    void otherDumpStatementsAreNotOurs() throws Exception {
        try (H2Engine e = engine(new CountingLog()); Session root = session(e, "root")) {
            assertThatThrownBy(() -> root.execute("DUMP TABLE t")).isInstanceOfSatisfying(SQLException.class,
                    x -> assertThat(x.getErrorCode()).isEqualTo(1064));
        }
    }
}
