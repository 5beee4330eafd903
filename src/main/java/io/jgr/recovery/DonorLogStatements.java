package io.jgr.recovery;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import io.jgr.store.H2Engine;
import io.jgr.store.StatementContext;
import io.jgr.store.StatementHandler;
import io.jgr.store.account.Privilege;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The donor side of distributed recovery: jgr's stand-in for MySQL's binlog dump, reached over a
 * normal client connection and, like COM_BINLOG_DUMP, allowed only to accounts holding
 * REPLICATION SLAVE (else 1227).
 * <ul>
 *   <li>{@code DUMP RECOVERY LOG SIZE 'uuid:a-b'} → one row (TRANSACTIONS, BYTES);</li>
 *   <li>{@code DUMP RECOVERY LOG 'uuid:a-b'} → rows (GTID, PAYLOAD) in GTID order, produced while
 *       the protocol server writes them: the log is read in pages of about {@link #PAGE_BYTES}, each
 *       page's stream closed before the next opens, so memory stays bounded and an abandoned
 *       transfer leaves nothing open.</li>
 * </ul>
 */
public final class DonorLogStatements implements StatementHandler {
    static final int PAGE_BYTES = 4 * 1024 * 1024;
    private static final List<Column> SIZE_COLUMNS = List.of(
            Column.computed("TRANSACTIONS", ColumnType.LONGLONG, Column.CHARSET_BINARY, 20, Column.NUM_FLAG, 0),
            Column.computed("BYTES", ColumnType.LONGLONG, Column.CHARSET_BINARY, 20, Column.NUM_FLAG, 0));
    private static final List<Column> LOG_COLUMNS = List.of(
            Column.computed("GTID", ColumnType.VAR_STRING, Column.CHARSET_UTF8MB4, 256, 0, 0),
            Column.computed("PAYLOAD", ColumnType.LONG_BLOB, Column.CHARSET_BINARY, 4294967295L, Column.BINARY_FLAG, 0));

    private final Supplier<DonorLog> log;

    /** {@code log} gives the member's current log, or null while it has none (then the statement fails with 3092). */
    public DonorLogStatements(Supplier<DonorLog> log) {
        this.log = log;
    }

    public void register(H2Engine engine) {
        engine.addStatementHandler(Set.of("DUMP"), Set.of(), this);
    }

    @Override
    public Optional<Result> handle(StatementContext session, String sql, List<Token> t) throws SQLException {
        if (t.size() < 4 || !t.get(1).is("RECOVERY") || !t.get(2).is("LOG")) {
            return Optional.empty();
        }
        boolean size = t.get(3).is("SIZE");
        int at = size ? 4 : 3;
        if (at + 1 != t.size() || t.get(at).type() != Token.Type.STRING) {
            throw ChangeSourceStatement.syntaxError(sql, t, Math.min(at, t.size()));
        }
        session.requireGlobal(Privilege.REPLICATION_SLAVE);
        GtidRange range;
        try {
            range = GtidRange.parse(t.get(at).value());
        } catch (IllegalArgumentException e) {
            throw MySqlError.ER_WRONG_ARGUMENTS.exception("DUMP RECOVERY LOG");
        }
        DonorLog donorLog = log.get();
        if (donorLog == null) {
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
        if (size) {
            try {
                DonorLog.Size s = donorLog.size(range);
                return Optional.of(new Result.Rows(SIZE_COLUMNS, List.<Object[]>of(new Object[] {s.transactions(), s.bytes()})));
            } catch (DonorLog.PurgedException e) {
                throw MySqlError.ER_SOURCE_HAS_PURGED_REQUIRED_GTIDS.exception(e.held(), e.missing());
            } catch (IOException e) {
                throw MySqlError.ER_UNKNOWN_ERROR.withText("Cannot read the transaction log: " + e.getMessage());
            }
        }
        return Optional.of(new Result.Rows(LOG_COLUMNS, new StreamedRows(donorLog, range)));
    }

    /** A list only the protocol server's for-each reads: rows are produced page by page as it iterates. */
    private static final class StreamedRows extends AbstractList<Object[]> {
        private final DonorLog log;
        private final GtidRange range;

        StreamedRows(DonorLog log, GtidRange range) {
            this.log = log;
            this.range = range;
        }

        @Override
        public Iterator<Object[]> iterator() {
            return new Iterator<>() {
                private final ArrayDeque<LoggedTransaction> page = new ArrayDeque<>();
                private long next = range.first();
                private boolean exhausted;

                @Override
                public boolean hasNext() {
                    if (page.isEmpty() && !exhausted) {
                        fill();
                    }
                    return !page.isEmpty();
                }

                @Override
                public Object[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    LoggedTransaction tx = page.poll();
                    return new Object[] {tx.gtid(), tx.payload()};
                }

                private void fill() {
                    if (next > range.last()) {
                        exhausted = true;
                        return;
                    }
                    long bytes = 0;
                    try (Stream<LoggedTransaction> s = log.read(new GtidRange(range.uuid(), next, range.last()))) {
                        Iterator<LoggedTransaction> it = s.iterator();
                        while (bytes < PAGE_BYTES && it.hasNext()) {
                            LoggedTransaction tx = it.next();
                            page.add(tx);
                            bytes += tx.payload().length;
                            next = sequence(tx.gtid()) + 1;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (page.isEmpty()) {
                        exhausted = true;
                    }
                }
            };
        }

        @Override
        public Object[] get(int index) {
            throw new UnsupportedOperationException("streamed rows are read once, in order");
        }

        @Override
        public int size() {
            throw new UnsupportedOperationException("streamed rows have no size until read");
        }
    }

    static long sequence(String gtid) {
        return Long.parseLong(gtid.substring(gtid.lastIndexOf(':') + 1));
    }
}
