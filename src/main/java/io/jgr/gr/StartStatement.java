package io.jgr.gr;

import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code START GROUP_REPLICATION [USER='u'] [, PASSWORD='p'] [, DEFAULT_AUTH='x']} (options in any
 * order, spec §4.2) and {@code STOP GROUP_REPLICATION}, recognised from the lexer's tokens.
 */
final class StartStatement {
    /** MySQL's limit for PASSWORD (3972). */
    static final int MAX_PASSWORD_LENGTH = 32;

    private StartStatement() {
    }

    /** True for {@code START|STOP GROUP_REPLICATION …}. */
    static boolean isGroupReplication(List<Token> tokens, String verb) {
        return tokens.size() >= 2 && tokens.get(0).is(verb) && tokens.get(1).is("GROUP_REPLICATION");
    }

    /** STOP takes no options. */
    static void checkStop(String sql, List<Token> tokens) throws SQLException {
        if (tokens.size() > 2) {
            throw syntax(sql, tokens.get(2));
        }
    }

    /**
     * The credentials the statement gives, or empty. Errors as MySQL: syntax 1064, {@code USER=''} 3970,
     * PASSWORD without USER 3971, PASSWORD over 32 characters 3972. Error texts never contain the values.
     */
    static Optional<RecoveryCredentials> parseStart(String sql, List<Token> tokens) throws SQLException {
        String user = null;
        String password = null;
        String defaultAuth = null;
        int i = 2;
        while (i < tokens.size()) {
            if (i > 2) {
                if (!tokens.get(i).isSymbol(",")) {
                    throw syntax(sql, tokens.get(i));
                }
                i++;
            }
            if (i + 2 >= tokens.size()) {
                throw syntax(sql, i < tokens.size() ? tokens.get(i) : null);
            }
            Token name = tokens.get(i);
            Token eq = tokens.get(i + 1);
            Token value = tokens.get(i + 2);
            if (!eq.isSymbol("=") || value.type() != Token.Type.STRING) {
                throw syntax(sql, name);
            }
            if (name.is("USER") && user == null) {
                user = value.value();
            } else if (name.is("PASSWORD") && password == null) {
                password = value.value();
            } else if (name.is("DEFAULT_AUTH") && defaultAuth == null) {
                defaultAuth = value.value();
            } else {
                throw syntax(sql, name);
            }
            i += 3;
        }
        if (user != null && user.isEmpty()) {
            throw MySqlError.ER_GROUP_REPLICATION_USER_EMPTY_MSG.exception();
        }
        if (password != null && user == null) {
            throw MySqlError.ER_GROUP_REPLICATION_USER_MANDATORY_MSG.exception();
        }
        if (password != null && password.length() > MAX_PASSWORD_LENGTH) {
            throw MySqlError.ER_GROUP_REPLICATION_PASSWORD_LENGTH.exception();
        }
        if (user == null && defaultAuth == null) {
            return Optional.empty();
        }
        return Optional.of(new RecoveryCredentials(user, password == null ? null : password.toCharArray(), defaultAuth));
    }

    /** 1064 near the offending token; string literals are not echoed (they may be passwords). */
    private static SQLException syntax(String sql, Token at) {
        String near = at == null ? "" : at.type() == Token.Type.STRING ? "'<secret>'" : sql.substring(at.start());
        if (at != null && at.type() != Token.Type.STRING && near.contains("'")) {
            near = near.substring(0, near.indexOf('\'')) + "'<secret>'";
        }
        return MySqlError.ER_PARSE_ERROR.exception(near, 1);
    }
}
