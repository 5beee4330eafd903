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
    static final Set<String> FIRST_WORDS = Set.of("ALTER", "SHUTDOWN");

    private final SystemVariables variables;
    private final ClientPortTls clientTls;
    private final java.util.function.Consumer<String> shutdown;

    InstanceStatements(SystemVariables variables, ClientPortTls clientTls, java.util.function.Consumer<String> shutdown) {
        this.variables = variables;
        this.clientTls = clientTls;
        this.shutdown = shutdown;
    }

    @Override
    public Optional<Result> handle(StatementContext session, String sql, List<Token> tokens) throws SQLException {
        List<Token> words = tokens.stream().filter(t -> !t.isSymbol(";")).toList();
        if (matches(words, "ALTER", "INSTANCE", "RELOAD", "TLS")) {
            session.requireGlobal(Privilege.SUPER);
            // The group's TLS (decision 9) is reloaded by Group Replication's own handler when it runs.
            TlsReload.reload(TlsOptionValues.current(variables), clientTls, null);
            return Optional.of(Result.Ok.EMPTY);
        }
        if (matches(words, "SHUTDOWN")) {
            session.requireGlobal(Privilege.SUPER);
            // After the OK has gone out: the shutdown closes this very connection.
            String user = session.account().user();
            Thread t = new Thread(() -> shutdown.accept(user), "jgr-shutdown-statement");
            t.setDaemon(false);
            t.start();
            return Optional.of(Result.Ok.EMPTY);
        }
        return Optional.empty();
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
