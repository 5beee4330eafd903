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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What MySQL's group-action functions ({@code group_replication_set_as_primary},
 * {@code group_replication_switch_to_single_primary_mode}, {@code …_multi_primary_mode}) share: the call
 * {@code SELECT f(args)} as written, the checks their UDF init runs in MySQL's order and with its texts (1123,
 * "Can't initialize function …"), an action that does not complete (3910), and the answer: one row, the call as
 * its column. One action at a time from a member ({@link LocalActionSlot}).
 */
abstract class GroupActionFunction {
    /** How long a statement waits for this member to apply the action. */
    static final Duration ACTION_WAIT = Duration.ofSeconds(60);

    final String name;
    final GroupReplication plugin;

    GroupActionFunction(String name, GroupReplication plugin) {
        this.name = name;
        this.plugin = plugin;
    }

    /** Whether {@code tokens} call this function; cheap, as every SELECT passes here. */
    final boolean calls(List<Token> tokens) {
        return tokens.size() >= 4 && tokens.get(1).isIdentifier() && tokens.get(2).isSymbol("(")
                && tokens.get(1).lowerName().equals(name);
    }

    final Optional<Result> run(StatementContext ctx, String sql, List<Token> tokens) throws SQLException {
        Call call = Call.parse(ctx, name, sql, tokens);
        String answer = execute(ctx, call);
        return Optional.of(new Result.Rows(List.of(Column.computed(call.label(), ColumnType.VAR_STRING,
                Column.CHARSET_UTF8MB4, 4L * 512, 0, 0)), List.<Object[]>of(new Object[] {answer})));
    }

    /** The action: its checks, then the change; the text answered. */
    abstract String execute(StatementContext ctx, Call call) throws SQLException;

    /**
     * The call as written: its arguments' values (a literal or a system variable; {@link Boolean#FALSE} for
     * anything that is not a string or a number, which every function refuses as MySQL's init does) and its text
     * as the column label. {@code plain} is false when an argument is more than one token.
     */
    record Call(String label, List<Object> args, boolean plain) {
        static Call parse(StatementContext ctx, String name, String sql, List<Token> tokens) throws SQLException {
            int close = tokens.size() - 1;
            if (!tokens.get(close).isSymbol(")")) {
                throw MySqlError.ER_NOT_SUPPORTED_YET.exception(name + " other than SELECT " + name + "(…)");
            }
            List<Object> args = new ArrayList<>();
            boolean plain = true;
            int i = 3;
            while (i < close) {
                int end = i;
                while (end < close && !tokens.get(end).isSymbol(",")) {
                    end++;
                }
                plain &= end == i + 1;
                args.add(end == i + 1 ? value(ctx, tokens.get(i)) : Boolean.FALSE);
                i = end + 1;
            }
            return new Call(sql.substring(tokens.get(1).start(), tokens.get(close).end()), args, plain);
        }

        private static Object value(StatementContext ctx, Token t) throws SQLException {
            return switch (t.type()) {
                case STRING -> t.value();
                case NUMBER -> Long.valueOf(t.value());
                case SYS_VAR -> ctx.variables().read(t.value());
                default -> t.is("NULL") ? null : Boolean.FALSE;
            };
        }

        /** The first argument as a non-empty string, or null. */
        String firstText() {
            return !args.isEmpty() && args.get(0) instanceof String s && !s.isEmpty() ? s : null;
        }
    }

    /** MySQL's checks after the arguments': the privilege, an ONLINE member in the majority, a group with nobody joining or unreachable. */
    final Group checkedGroup(StatementContext ctx) throws SQLException {
        try {
            ctx.requireGlobal(Privilege.GROUP_REPLICATION_ADMIN, Privilege.SUPER);
        } catch (SQLException e) {
            throw refused("User '" + ctx.account().user() + "'@'" + ctx.account().host()
                    + "' needs SUPER or GROUP_REPLICATION_ADMIN privileges.");
        }
        Optional<Replicator> replicator = plugin.replicator();
        Optional<Membership> membership = plugin.membership();
        // the majority partition, leader or not: a Raft vote under way (a new primary taking the lead) is no refusal
        if (replicator.isEmpty() || membership.isEmpty() || plugin.state() != GroupReplication.LocalState.ONLINE
                || !membership.get().reachesVoterMajority()) {
            throw refused("Member must be ONLINE and in the majority partition.");
        }
        Membership m = membership.get();
        if (m.count(MemberState.RECOVERING) > 0) {
            throw refused("A member is joining the group, wait for it to be ONLINE.");
        }
        if (m.count(MemberState.UNREACHABLE) > 0) {
            throw refused("All members in the group must be reachable.");
        }
        return new Group(replicator.get(), m);
    }

    /** The replication pipeline and the membership the checks passed on. */
    record Group(Replicator replicator, Membership membership) {
    }

    /** MySQL's validate_uuid_parameter: a well-formed server uuid of an ONLINE member. */
    final UUID onlineMember(String text, Membership m) throws SQLException {
        UUID uuid;
        try {
            uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException(text);
            }
        } catch (IllegalArgumentException e) {
            throw refused("Wrong arguments: The server uuid is not valid.");
        }
        if (m.member(uuid).filter(x -> x.state() == MemberState.ONLINE).isEmpty()) {
            throw refused("The requested uuid is not a member of the group.");
        }
        return uuid;
    }

    /** Refused before the action, as MySQL's UDF init refuses: 1123. */
    final SQLException refused(String why) {
        return MySqlError.ER_CANT_INITIALIZE_UDF.exception(name, why);
    }

    /** The action did not complete: 3910. */
    final SQLException failed(String why) {
        return MySqlError.ER_GRP_RPL_UDF_ERROR.exception(name, why);
    }

    /**
     * Runs {@code action} and waits for it; 3910 when it did not complete here in {@link #ACTION_WAIT}, and before
     * proposing anything, as MySQL's coordinator refuses: while another action from this member still waits, or
     * while this member, newly elected primary, still applies the backlog of its election.
     */
    final void await(Action action, String what) throws SQLException {
        LocalActionSlot slot = plugin.actionSlot();
        if (!slot.take()) {
            throw failed("There is already a configuration action being proposed locally. Wait for it to finish.");
        }
        try {
            if (plugin.replicator().map(Replicator::electionRunning).orElse(false)) {
                throw failed("A primary election is occurring in the group. Wait for it to end.");
            }
            if (!action.run(ACTION_WAIT)) {
                throw failed("The " + what + " did not complete here within " + ACTION_WAIT.toSeconds() + " seconds.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("The wait for the " + what + " was interrupted.");
        } finally {
            slot.release();
        }
    }

    @FunctionalInterface
    interface Action {
        boolean run(Duration wait) throws InterruptedException;
    }
}
