package io.jgr.recovery;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import io.jgr.store.H2Engine;
import io.jgr.store.StatementContext;
import io.jgr.store.StatementHandler;
import io.jgr.store.account.Privilege;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CHANGE MASTER TO / CHANGE REPLICATION SOURCE TO … FOR CHANNEL 'group_replication_recovery'
 * (user and password only; PRIVILEGE_CHECKS_USER accepted) and RESET REPLICA|SLAVE [ALL] FOR
 * CHANNEL 'group_replication_recovery' (spec §4.1). Both need SUPER or REPLICATION_SLAVE_ADMIN.
 * jgr has no asynchronous replication channels, so any other channel is refused.
 */
public final class CredentialStatements implements StatementHandler {
    private static final Set<String> ALLOWED = Set.of("MASTER_USER", "SOURCE_USER", "MASTER_PASSWORD", "SOURCE_PASSWORD",
            "PRIVILEGE_CHECKS_USER", "REQUIRE_ROW_FORMAT");

    private final RecoveryCredentials credentials;

    public CredentialStatements(RecoveryCredentials credentials) {
        this.credentials = credentials;
    }

    /** Registers the handler for CHANGE and RESET statements. */
    public void register(H2Engine engine) {
        engine.addStatementHandler(Set.of("CHANGE", "RESET"), Set.of(), this);
    }

    @Override
    public Optional<Result> handle(StatementContext session, String sql, List<Token> tokens) throws SQLException {
        if (tokens.get(0).is("CHANGE")) {
            ChangeSourceStatement st = ChangeSourceStatement.parse(sql, tokens);
            return st == null ? Optional.empty() : Optional.of(change(session, sql, tokens, st));
        }
        if (tokens.get(0).is("RESET") && tokens.size() > 1 && (tokens.get(1).is("REPLICA") || tokens.get(1).is("SLAVE"))) {
            return Optional.of(reset(session, sql, tokens));
        }
        return Optional.empty();
    }

    private Result change(StatementContext session, String sql, List<Token> tokens, ChangeSourceStatement st)
            throws SQLException {
        String user = st.string(sql, tokens, "MASTER_USER", "SOURCE_USER");
        String password = st.string(sql, tokens, "MASTER_PASSWORD", "SOURCE_PASSWORD");
        session.requireGlobal(Privilege.SUPER, Privilege.REPLICATION_SLAVE_ADMIN);
        if (!RecoveryChannel.is(st.channel())) {
            throw MySqlError.ER_NOT_SUPPORTED_YET.exception(
                    "CHANGE REPLICATION SOURCE for a channel other than '" + RecoveryChannel.NAME
                            + "' (jgr has no asynchronous replication channels)");
        }
        for (String option : st.options().keySet()) {
            if (!ALLOWED.contains(option)) {
                throw MySqlError.ER_REPLICA_CHANNEL_OPERATION_NOT_ALLOWED.exception(RecoveryChannel.NAME);
            }
        }
        if (user != null || password != null) {
            try {
                // an option left out keeps its stored value, as in MySQL; both given need no read (and repair a damaged store)
                StoredCredentials before = user != null && password != null ? new StoredCredentials("", "")
                        : credentials.vault().load().orElse(new StoredCredentials("", ""));
                StoredCredentials after = new StoredCredentials(user != null ? user : before.user(),
                        password != null ? password : before.password());
                if (after.user().isEmpty() && after.password().isEmpty()) {
                    credentials.vault().clear();
                } else {
                    credentials.vault().store(after);
                }
            } catch (CredentialStoreException e) {
                throw MySqlError.ER_UNKNOWN_ERROR.withText(e.getMessage());
            }
        }
        List<Warning> notes = new ArrayList<>();
        if (password != null && !session.secureTransport()) {
            notes.add(new Warning("Note", MySqlError.ER_INSECURE_PLAIN_TEXT.code(), MySqlError.ER_INSECURE_PLAIN_TEXT.message()));
        }
        if (user != null || password != null) {
            notes.add(new Warning("Note", MySqlError.ER_INSECURE_CHANGE_MASTER.code(), MySqlError.ER_INSECURE_CHANGE_MASTER.message()));
        }
        notes.forEach(session::addWarning);
        return Result.Ok.EMPTY;
    }

    /** RESET REPLICA [ALL] [FOR CHANNEL 'c']: ALL forgets the stored credentials; without ALL they stay, as in MySQL. */
    private Result reset(StatementContext session, String sql, List<Token> tokens) throws SQLException {
        int i = 2;
        boolean all = i < tokens.size() && tokens.get(i).is("ALL");
        if (all) {
            i++;
        }
        String channel = null;
        if (i < tokens.size()) {
            if (!(tokens.get(i).is("FOR") && i + 2 < tokens.size() && tokens.get(i + 1).is("CHANNEL"))) {
                throw ChangeSourceStatement.syntaxError(sql, tokens, i);
            }
            Token c = tokens.get(i + 2);
            if (!(c.type() == Token.Type.STRING || c.isIdentifier()) || i + 3 != tokens.size()) {
                throw ChangeSourceStatement.syntaxError(sql, tokens, Math.min(i + 3, tokens.size()));
            }
            channel = c.type() == Token.Type.STRING ? c.value() : c.name();
        }
        session.requireGlobal(Privilege.SUPER, Privilege.REPLICATION_SLAVE_ADMIN);
        if (channel != null && !RecoveryChannel.is(channel)) {
            throw MySqlError.ER_REPLICA_CHANNEL_DOES_NOT_EXIST.exception(channel);
        }
        if (all) {
            try {
                credentials.vault().clear();
            } catch (CredentialStoreException e) {
                throw MySqlError.ER_UNKNOWN_ERROR.withText(e.getMessage());
            }
        }
        return Result.Ok.EMPTY;
    }
}
