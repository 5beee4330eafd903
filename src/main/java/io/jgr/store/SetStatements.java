package io.jgr.store;

import io.jgr.server.config.SessionVariables;
import io.jgr.server.config.SessionVariables.Scope;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.H2Rewriter;
import io.jgr.sql.statement.Token;
import io.jgr.sql.statement.TokenCursor;
import io.jgr.store.account.Privilege;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SET: system variables through the registry, user variables through H2, NAMES, TRANSACTION, PASSWORD. */
final class SetStatements {
    private SetStatements() {
    }

    private record Assignment(String name, Scope scope, Object value, int userVarFrom, int userVarTo) {
    }

    static Result execute(H2Session s, TokenCursor c) throws SQLException {
        c.next(); // SET
        if (c.peek() != null && c.peek().is("PASSWORD")) {
            return AccountStatements.setPassword(s, c);
        }
        int save = c.position();
        Scope scopeWord = scopeKeyword(c);
        if (c.accept("TRANSACTION")) {
            return transaction(s, c, scopeWord);
        }
        c.position(save);
        List<Assignment> assignments = new ArrayList<>();
        Scope scope = Scope.DEFAULT;
        do {
            Scope explicit = scopeKeyword(c);
            if (explicit != null) {
                scope = explicit;
            }
            Token t = c.peek();
            if (t == null) {
                throw c.syntaxError();
            }
            if (t.type() == Token.Type.USER_VAR) {
                c.next();
                if (!c.acceptSymbol("=") && !c.acceptSymbol(":=")) {
                    throw c.syntaxError();
                }
                int from = c.position();
                int to = expressionEnd(c);
                assignments.add(new Assignment(t.value(), null, null, from, to));
                continue;
            }
            if (t.is("NAMES")) {
                c.next();
                String charset = c.accept("DEFAULT") ? "utf8mb4" : c.stringOrIdentifier();
                if (c.accept("COLLATE")) {
                    c.stringOrIdentifier();
                }
                for (String v : List.of("character_set_client", "character_set_connection", "character_set_results")) {
                    assignments.add(new Assignment(v, Scope.SESSION, charset, -1, -1));
                }
                continue;
            }
            if (t.is("CHARACTER") || t.is("CHARSET")) {
                c.next();
                if (t.is("CHARACTER")) {
                    c.expect("SET");
                }
                String charset = c.accept("DEFAULT") ? "utf8mb4" : c.stringOrIdentifier();
                for (String v : List.of("character_set_client", "character_set_results")) {
                    assignments.add(new Assignment(v, Scope.SESSION, charset, -1, -1));
                }
                continue;
            }
            String name;
            Scope itemScope = scope;
            if (t.type() == Token.Type.SYS_VAR) {
                c.next();
                SessionVariables.Reference ref = SessionVariables.Reference.parse(t.value());
                if (ref.scope() == null) {
                    throw c.syntaxError();
                }
                name = ref.name();
                itemScope = ref.scope();
            } else {
                name = c.identifier();
                if (c.acceptSymbol(".")) {
                    name = name + "." + c.identifier(); // component variables
                }
            }
            if (!c.acceptSymbol("=") && !c.acceptSymbol(":=")) {
                throw c.syntaxError();
            }
            int from = c.position();
            int to = expressionEnd(c);
            Object value = value(s, c, from, to);
            assignments.add(new Assignment(name.toLowerCase(Locale.ROOT), itemScope, value, -1, -1));
        } while (c.acceptSymbol(","));
        c.expectEnd();

        // privileges before any change
        for (Assignment a : assignments) {
            if (a.scope() == Scope.GLOBAL || a.scope() == Scope.PERSIST || a.scope() == Scope.PERSIST_ONLY
                    || "sql_log_bin".equals(a.name())) {
                s.access().requireGlobal(Privilege.SUPER, Privilege.SYSTEM_VARIABLES_ADMIN);
            }
        }
        List<Warning> warnings = new ArrayList<>();
        for (Assignment a : assignments) {
            if (a.scope() == null) {
                String expr = H2Rewriter.rewrite(c.sql(), c.tokens(), a.userVarFrom(), a.userVarTo(), s);
                try (Statement st = s.connection().createStatement()) {
                    st.execute("SET @" + a.name() + " = " + expr);
                } catch (SQLException e) {
                    throw H2Errors.translate(e, s.currentSchema(), null);
                }
                continue;
            }
            boolean isolation = a.name().equals("transaction_isolation") || a.name().equals("tx_isolation");
            boolean sessionEffect = a.scope() == Scope.DEFAULT || a.scope() == Scope.SESSION;
            if (isolation && sessionEffect && s.inTransaction() && (s.explicitTransaction() || !s.capture().isEmpty())) {
                throw MySqlError.ER_CANT_CHANGE_TX_CHARACTERISTICS.exception();
            }
            warnings.addAll(s.vars().set(a.name(), a.scope(), a.value()));
            if (sessionEffect && a.name().equals("autocommit")) {
                s.autocommitChanged(H2Session.truth(s.vars().get("autocommit", Scope.SESSION)));
            } else if (sessionEffect && a.name().equals("sql_log_bin")) {
                s.sqlLogBinChanged(H2Session.truth(s.vars().get("sql_log_bin", Scope.SESSION)));
            } else if (sessionEffect && a.name().equals("sql_mode")) {
                s.sqlModeChanged();
            } else if (sessionEffect && isolation) {
                s.isolationChanged(String.valueOf(s.vars().get("transaction_isolation", Scope.SESSION)), null);
            }
        }
        s.setWarnings(warnings);
        return Result.Ok.EMPTY;
    }

    private static Scope scopeKeyword(TokenCursor c) {
        if (c.accept("GLOBAL")) {
            return Scope.GLOBAL;
        }
        if (c.accept("SESSION") || c.accept("LOCAL")) {
            return Scope.SESSION;
        }
        if (c.accept("PERSIST")) {
            return Scope.PERSIST;
        }
        if (c.accept("PERSIST_ONLY")) {
            return Scope.PERSIST_ONLY;
        }
        return null;
    }

    /** The token index that ends the expression at the cursor (a comma at depth 0 or the end); moves the cursor there. */
    private static int expressionEnd(TokenCursor c) throws SQLException {
        int depth = 0;
        int start = c.position();
        while (!c.atEnd()) {
            Token t = c.peek();
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && t.isSymbol(",")) {
                break;
            }
            c.next();
        }
        if (c.position() == start) {
            throw c.syntaxError();
        }
        return c.position();
    }

    /** A SET value as the registry takes it: literals directly, anything else evaluated by H2. */
    private static Object value(H2Session s, TokenCursor c, int from, int to) throws SQLException {
        List<Token> tokens = c.tokens();
        if (to - from == 1) {
            Token t = tokens.get(from);
            switch (t.type()) {
                case STRING:
                    return t.value();
                case NUMBER:
                    return number(t.text(), false);
                case WORD:
                    return switch (t.value()) {
                        case "DEFAULT" -> SessionVariables.DEFAULT;
                        case "NULL" -> null;
                        case "TRUE" -> 1L;
                        case "FALSE" -> 0L;
                        default -> t.text();
                    };
                case QUOTED_IDENT:
                    return t.value();
                case SYS_VAR:
                    return s.systemVariable(t.value());
                default:
                    break;
            }
        }
        if (to - from == 2 && tokens.get(from).isSymbol("-") && tokens.get(from + 1).type() == Token.Type.NUMBER) {
            return number(tokens.get(from + 1).text(), true);
        }
        String expr = H2Rewriter.rewrite(c.sql(), tokens, from, to, s);
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT " + expr)) {
            rs.next();
            Object v = rs.getObject(1);
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1L : 0L;
            }
            if (v instanceof Float f) {
                return f.doubleValue();
            }
            if (v == null || v instanceof Long || v instanceof BigDecimal || v instanceof Double || v instanceof String) {
                return v;
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw H2Errors.translate(e, s.currentSchema(), null);
        }
    }

    private static Object number(String text, boolean negative) {
        String t = negative ? "-" + text : text;
        if (t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
            return Double.parseDouble(t);
        }
        if (t.indexOf('.') >= 0) {
            return new BigDecimal(t);
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return new BigDecimal(t);
        }
    }

    /** SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL ... | READ WRITE. */
    private static Result transaction(H2Session s, TokenCursor c, Scope scope) throws SQLException {
        String level = null;
        do {
            if (c.accept("ISOLATION")) {
                c.expect("LEVEL");
                if (c.accept("REPEATABLE", "READ")) {
                    level = "REPEATABLE-READ";
                } else if (c.accept("READ", "COMMITTED")) {
                    level = "READ-COMMITTED";
                } else if (c.accept("READ", "UNCOMMITTED")) {
                    level = "READ-UNCOMMITTED";
                } else if (c.accept("SERIALIZABLE")) {
                    level = "SERIALIZABLE";
                } else {
                    throw c.syntaxError();
                }
            } else if (c.accept("READ", "WRITE")) {
                continue;
            } else if (c.accept("READ", "ONLY")) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception("READ ONLY transactions");
            } else {
                throw c.syntaxError();
            }
        } while (c.acceptSymbol(","));
        c.expectEnd();
        if (level == null) {
            return Result.Ok.EMPTY;
        }
        if (scope == Scope.GLOBAL || scope == Scope.PERSIST || scope == Scope.PERSIST_ONLY) {
            s.access().requireGlobal(Privilege.SUPER, Privilege.SYSTEM_VARIABLES_ADMIN);
            s.setWarnings(s.vars().set("transaction_isolation", scope, level));
            return Result.Ok.EMPTY;
        }
        if (s.inTransaction() && (s.explicitTransaction() || !s.capture().isEmpty())) {
            throw MySqlError.ER_CANT_CHANGE_TX_CHARACTERISTICS.exception();
        }
        String before = String.valueOf(s.vars().get("transaction_isolation", Scope.SESSION));
        s.vars().set("transaction_isolation", Scope.SESSION, level);
        s.isolationChanged(level, scope == null ? before : null);
        return Result.Ok.EMPTY;
    }
}
