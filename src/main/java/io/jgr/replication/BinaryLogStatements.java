package io.jgr.replication;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import io.jgr.store.H2Engine;
import io.jgr.store.StatementContext;
import io.jgr.store.StatementHandler;
import io.jgr.store.TransactionLogFile;
import io.jgr.store.account.Privilege;
import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL's statements on the binary log, over the transaction log's files:
 * <ul>
 *   <li>{@code SHOW BINARY LOGS} (or {@code MASTER LOGS}): Log_name, File_size, Encrypted; REPLICATION CLIENT or SUPER;</li>
 *   <li>{@code PURGE BINARY LOGS TO 'name'} / {@code BEFORE 'datetime'} (or {@code MASTER LOGS}): BINLOG_ADMIN or
 *       SUPER; an unknown name is 1373 and purges nothing; the current file is never purged.</li>
 * </ul>
 */
public final class BinaryLogStatements implements StatementHandler {
    private static final List<Column> COLUMNS = List.of(
            Column.computed("Log_name", ColumnType.VAR_STRING, Column.CHARSET_UTF8MB4, 255, 0, 0),
            Column.computed("File_size", ColumnType.LONGLONG, Column.CHARSET_BINARY, 20, Column.NUM_FLAG | Column.UNSIGNED_FLAG, 0),
            Column.computed("Encrypted", ColumnType.VAR_STRING, Column.CHARSET_UTF8MB4, 3, 0, 0));
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd[ HH:mm[:ss]]");

    private final TransactionLogPurge purge;

    private BinaryLogStatements(TransactionLogPurge purge) {
        this.purge = purge;
    }

    public static void register(H2Engine engine, TransactionLogPurge purge) {
        engine.addStatementHandler(Set.of("SHOW", "PURGE"), Set.of(), new BinaryLogStatements(purge));
    }

    @Override
    public Optional<Result> handle(StatementContext session, String sql, List<Token> t) throws SQLException {
        if (t.size() < 3 || !(t.get(1).is("BINARY") || t.get(1).is("MASTER")) || !t.get(2).is("LOGS")) {
            return Optional.empty();
        }
        try {
            if (t.get(0).is("SHOW")) {
                if (t.size() != 3) {
                    throw syntaxError(sql, t, 3);
                }
                session.requireGlobal(Privilege.REPLICATION_CLIENT, Privilege.SUPER);
                return Optional.of(show());
            }
            if (t.size() != 5 || t.get(4).type() != Token.Type.STRING || !(t.get(3).is("TO") || t.get(3).is("BEFORE"))) {
                throw syntaxError(sql, t, Math.min(3, t.size()));
            }
            session.requireGlobal(Privilege.BINLOG_ADMIN, Privilege.SUPER);
            String value = t.get(4).value();
            if (t.get(3).is("TO")) {
                purge.purgeTo(numberOf(value));
            } else {
                purge.purgeBefore(instantOf(value));
            }
            return Optional.of(Result.Ok.EMPTY);
        } catch (IOException e) {
            throw MySqlError.ER_UNKNOWN_ERROR.withText("Cannot read the transaction log files: " + e.getMessage());
        }
    }

    private Result show() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (TransactionLogFile.LogFile f : purge.files()) {
            rows.add(new Object[] {f.name(), f.size(), "No"});
        }
        return new Result.Rows(COLUMNS, rows);
    }

    /** The number of a file the log holds, by its name; 1373 otherwise. */
    private int numberOf(String name) throws IOException, SQLException {
        for (TransactionLogFile.LogFile f : purge.files()) {
            if (f.name().equals(name)) {
                return f.number();
            }
        }
        throw MySqlError.ER_UNKNOWN_TARGET_BINLOG.exception();
    }

    /** A DATETIME literal in the server's time zone (MySQL's files are compared by their modification time). */
    private static java.time.Instant instantOf(String text) throws SQLException {
        try {
            var parsed = DATETIME.parseBest(text.trim(), LocalDateTime::from, java.time.LocalDate::from);
            LocalDateTime at = parsed instanceof LocalDateTime l ? l : ((java.time.LocalDate) parsed).atStartOfDay();
            return at.atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw MySqlError.ER_WRONG_ARGUMENTS.exception("PURGE LOGS BEFORE");
        }
    }

    private static SQLException syntaxError(String sql, List<Token> t, int at) {
        String near = at < t.size() ? sql.substring(t.get(at).start()) : "";
        return MySqlError.ER_PARSE_ERROR.exception(near.length() > 80 ? near.substring(0, 80) : near, 1);
    }
}
