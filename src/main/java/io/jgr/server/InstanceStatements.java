package io.jgr.server;

import io.jgr.perimeter.tls.ClientPortTls;
import io.jgr.perimeter.tls.TlsReload;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Result;
import io.jgr.sql.statement.Token;
import io.jgr.store.StatementContext;
import io.jgr.store.StatementHandler;
import io.jgr.store.account.Privilege;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The member's own admin statements: {@code ALTER INSTANCE RELOAD TLS} (new client connections get
 * the material the ssl_* variables name now; 3888 and no change on failure) and {@code SHUTDOWN}.
 * MySQL asks for CONNECTION_ADMIN and SHUTDOWN; jgr's privilege set has neither, so both need SUPER.
 */
final class InstanceStatements implements StatementHandler {
    static final Set<String> FIRST_WORDS = Set.of("ALTER", "SHUTDOWN", "RESET");

    private final SystemVariables variables;
    private final ClientPortTls clientTls;
    private final java.util.concurrent.atomic.AtomicReference<io.jgr.perimeter.tls.GroupTls> groupTls;
    private final java.util.function.Consumer<String> shutdown;

    InstanceStatements(SystemVariables variables, ClientPortTls clientTls,
            java.util.concurrent.atomic.AtomicReference<io.jgr.perimeter.tls.GroupTls> groupTls,
            java.util.function.Consumer<String> shutdown) {
        this.variables = variables;
        this.clientTls = clientTls;
        this.groupTls = groupTls;
        this.shutdown = shutdown;
    }

    @Override
    public Optional<Result> handle(StatementContext session, String sql, List<Token> tokens) throws SQLException {
        List<Token> words = tokens.stream().filter(t -> !t.isSymbol(";")).toList();
        if (matches(words, "ALTER", "INSTANCE", "RELOAD", "TLS")) {
            session.requireGlobal(Privilege.SUPER);
            // With Group Replication running, its material too: both or neither (decision 9).
            TlsReload.reload(TlsOptionValues.current(variables), clientTls, groupTls.get());
            return Optional.of(Result.Ok.EMPTY);
        }
        if (words.size() >= 2 && words.get(0).is("RESET") && words.get(1).is("PERSIST")) {
            return Optional.of(resetPersist(session, words));
        }
        if (matches(words, "SHUTDOWN")) {
            session.requireGlobal(Privilege.SUPER);
            String user = session.account().user();
            // On its own thread: closing the protocol server waits for this connection to write the
            // statement's OK (MySqlServer.close), so the client gets it before the server goes, as in mysqld.
            Thread t = new Thread(() -> shutdown.accept(user), "jgr-shutdown-statement");
            t.setDaemon(false);
            t.start();
            return Optional.of(Result.Ok.EMPTY);
        }
        return Optional.empty();
    }

    /** {@code RESET PERSIST [[IF EXISTS] name]}: mysqld-auto.cnf loses the entry, running values stay. */
    private Result resetPersist(StatementContext session, List<Token> words) throws SQLException {
        session.requireGlobal(Privilege.SUPER, Privilege.SYSTEM_VARIABLES_ADMIN);
        if (words.size() == 2) {
            variables.resetPersistAll();
            return Result.Ok.EMPTY;
        }
        boolean ifExists = words.size() == 5 && words.get(2).is("IF") && words.get(3).is("EXISTS");
        if (words.size() != 3 && !ifExists) {
            throw io.jgr.sql.error.MySqlError.ER_PARSE_ERROR.exception(words.get(2).text(), 1);
        }
        // An IF EXISTS warning (3615 as a note) is not carried: handlers return no warnings.
        variables.resetPersist(words.get(words.size() - 1).name(), ifExists);
        return Result.Ok.EMPTY;
    }

    private static boolean matches(List<Token> tokens, String... words) {
        if (tokens.size() != words.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (!tokens.get(i).is(words[i])) {
                return false;
            }
        }
        return true;
    }
}
