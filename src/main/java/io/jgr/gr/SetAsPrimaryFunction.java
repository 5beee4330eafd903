package io.jgr.gr;

import io.jgr.gcs.MemberState;
import io.jgr.gcs.Membership;
import io.jgr.replication.Replicator;
import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.Result;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Token;
import io.jgr.store.StatementContext;
import io.jgr.store.account.Privilege;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code SELECT group_replication_set_as_primary(member_uuid [, running_transactions_timeout])}: MySQL's planned
 * switch of a single-primary group's primary, run on any member. Its checks and texts are MySQL's: a check that
 * fails before the switch is 1123 ("Can't initialize function …"), as MySQL's UDF init refuses; a switch that
 * does not complete is 3910. The answer is one row, the expression as its column, "Primary server switched to:
 * uuid" (or "The requested member is already the current group primary.").
 *
 * <p>The switch travels through the group's log ({@link Replicator#appointPrimary}): transactions the old primary
 * had ordered before it commit as always, later writes there are refused (1290) once it applies the switch, and
 * the new primary takes writes once it applied everything before it. The timeout is checked (0 to 3600) but
 * sessions are not disconnected: a transaction the old primary commits after the switch is certified like any
 * other.
 */
final class SetAsPrimaryFunction {
    static final String NAME = "group_replication_set_as_primary";
    /** How long the statement waits for this member to apply the switch. */
    static final Duration SWITCH_WAIT = Duration.ofSeconds(60);

    private final GroupReplication plugin;

    SetAsPrimaryFunction(GroupReplication plugin) {
        this.plugin = plugin;
    }

    /** Whether {@code tokens} call this function; cheap, as every SELECT passes here. */
    static boolean calls(List<Token> tokens) {
        return tokens.size() >= 4 && tokens.get(1).isIdentifier() && tokens.get(2).isSymbol("(")
                && tokens.get(1).lowerName().equals(NAME);
    }

    Optional<Result> run(StatementContext ctx, String sql, List<Token> tokens) throws SQLException {
        Call call = Call.parse(ctx, sql, tokens);
        String result = switchTo(ctx, call);
        return Optional.of(new Result.Rows(List.of(Column.computed(call.label(), ColumnType.VAR_STRING,
                Column.CHARSET_UTF8MB4, 4L * 512, 0, 0)), List.<Object[]>of(new Object[] {result})));
    }

    /** The call as written: its argument values (a literal or a system variable) and its text as the column label. */
    private record Call(String label, Object uuid, int arguments, Object timeout) {
        static Call parse(StatementContext ctx, String sql, List<Token> tokens) throws SQLException {
            int close = -1;
            for (int i = 3; i < tokens.size(); i++) {
                if (tokens.get(i).isSymbol(")")) {
                    close = i;
                    break;
                }
            }
            if (close < 0 || close != tokens.size() - 1) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception(NAME + " other than SELECT " + NAME + "(uuid [, timeout])");
            }
            List<Token> args = tokens.subList(3, close);
            Object uuid = args.isEmpty() ? null : value(ctx, args.get(0));
            Object timeout = null;
            int arguments = args.isEmpty() ? 0 : 1;
            if (args.size() == 3 && args.get(1).isSymbol(",")) {
                timeout = value(ctx, args.get(2));
                arguments = 2;
            } else if (args.size() > 1) {
                arguments = 3; // anything else: MySQL's wrong-arguments answer
            }
            return new Call(sql.substring(tokens.get(1).start(), tokens.get(close).end()), uuid, arguments, timeout);
        }

        private static Object value(StatementContext ctx, Token t) throws SQLException {
            return switch (t.type()) {
                case STRING -> t.value();
                case NUMBER -> Long.valueOf(t.value());
                case SYS_VAR -> ctx.variables().read(t.value());
                default -> t.is("NULL") ? null : Boolean.FALSE; // not a string: refused as MySQL's init does
            };
        }
    }

    private String switchTo(StatementContext ctx, Call call) throws SQLException {
        if (call.arguments() < 1 || call.arguments() > 2 || !(call.uuid() instanceof String text) || text.isEmpty()) {
            throw refused("Wrong arguments: You need to specify a server uuid.");
        }
        try {
            ctx.requireGlobal(Privilege.GROUP_REPLICATION_ADMIN, Privilege.SUPER);
        } catch (SQLException e) {
            throw refused("User '" + ctx.account().user() + "'@'" + ctx.account().host()
                    + "' needs SUPER or GROUP_REPLICATION_ADMIN privileges.");
        }
        Optional<Replicator> replicator = plugin.replicator();
        Optional<Membership> membership = plugin.membership();
        if (replicator.isEmpty() || membership.isEmpty() || plugin.state() != GroupReplication.LocalState.ONLINE
                || !membership.get().majority()) {
            throw refused("Member must be ONLINE and in the majority partition.");
        }
        Membership m = membership.get();
        if (m.count(MemberState.RECOVERING) > 0) {
            throw refused("A member is joining the group, wait for it to be ONLINE.");
        }
        if (m.count(MemberState.UNREACHABLE) > 0) {
            throw refused("All members in the group must be reachable.");
        }
        UUID candidate;
        try {
            candidate = UUID.fromString(text);
            if (!candidate.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException(text);
            }
        } catch (IllegalArgumentException e) {
            throw refused("Wrong arguments: The server uuid is not valid.");
        }
        if (m.member(candidate).filter(x -> x.state() == MemberState.ONLINE).isEmpty()) {
            throw refused("The requested uuid is not a member of the group.");
        }
        Replicator r = replicator.get();
        UUID current = r.primary();
        if (current == null) {
            throw refused("In multi-primary mode. Use group_replication_switch_to_single_primary_mode.");
        }
        if (call.arguments() == 2 && !(call.timeout() instanceof Long t && t >= 0 && t <= 3600)) {
            throw failed("Valid range for running_transactions_timeout is 0 to 3600.");
        }
        if (current.equals(candidate)) {
            return "The requested member is already the current group primary.";
        }
        try {
            if (!r.appointPrimary(candidate, SWITCH_WAIT)) {
                throw failed("The primary election did not complete here within " + SWITCH_WAIT.toSeconds() + " seconds; "
                        + "the group's primary is " + r.primary() + ".");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("The wait for the primary election was interrupted.");
        }
        return "Primary server switched to: " + candidate;
    }

    private static SQLException refused(String why) {
        return MySqlError.ER_CANT_INITIALIZE_UDF.exception(NAME, why);
    }

    private static SQLException failed(String why) {
        return MySqlError.ER_GRP_RPL_UDF_ERROR.exception(NAME, why);
    }
}
