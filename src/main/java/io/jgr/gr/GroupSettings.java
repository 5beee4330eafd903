package io.jgr.gr;

import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.error.MySqlError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The group variables START GROUP_REPLICATION reads, checked as MySQL checks them before it touches
 * the network: group name (a UUID, mandatory), local address ({@code host:port}), seeds, bootstrap,
 * expel timeout. A problem is logged with MySQL's line and thrown as 3092.
 */
record GroupSettings(UUID groupName, InetSocketAddress localAddress, List<InetSocketAddress> seeds,
                     boolean bootstrap, Duration expelTimeout) {

    static final String GROUP_NAME = "group_replication_group_name";
    static final String LOCAL_ADDRESS = "group_replication_local_address";
    static final String SEEDS = "group_replication_group_seeds";
    static final String BOOTSTRAP = "group_replication_bootstrap_group";
    static final String EXPEL_TIMEOUT = "group_replication_member_expel_timeout";

    /** @param joinOnly an auto-rejoin attempt: never bootstraps, whatever group_replication_bootstrap_group says */
    static GroupSettings read(SystemVariables vars, boolean joinOnly) throws SQLException {
        Object name = vars.globalValue(GROUP_NAME);
        if (name == null || name.toString().isEmpty()) {
            GrLog.error(GrLog.GROUP_NAME_MANDATORY, "The group_replication_group_name option is mandatory");
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
        UUID groupName;
        try {
            groupName = UUID.fromString(name.toString());
        } catch (IllegalArgumentException e) {
            GrLog.error(GrLog.GROUP_NAME_INVALID, "The group_replication_group_name '" + name + "' is not a valid UUID");
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
        String local = text(vars, LOCAL_ADDRESS);
        InetSocketAddress localAddress = parseLocal(local);
        boolean bootstrap = !joinOnly && Boolean.TRUE.equals(vars.globalValue(BOOTSTRAP));
        List<InetSocketAddress> seeds = bootstrap ? List.of() : parseSeeds(text(vars, SEEDS), localAddress);
        Object expel = vars.globalValue(EXPEL_TIMEOUT);
        Duration expelTimeout = Duration.ofSeconds(expel instanceof Long l ? l : 5);
        return new GroupSettings(groupName, localAddress, seeds, bootstrap, expelTimeout);
    }

    private static String text(SystemVariables vars, String name) {
        Object v = vars.globalValue(name);
        return v == null ? "" : v.toString().trim();
    }

    /** {@code host:port} or {@code [v6]:port}; the host must resolve (spec §3.7). */
    private static InetSocketAddress parseLocal(String value) throws SQLException {
        InetSocketAddress a;
        try {
            a = parseEndpoint(value);
        } catch (IllegalArgumentException e) {
            ErrorLog.gcs(LogLevel.ERROR, "Invalid hostname or IP address (" + value + ") assigned to the parameter local_node!");
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        } catch (UnknownHostException e) {
            ErrorLog.gcs(LogLevel.ERROR, "Unable to translate hostname " + e.getMessage() + " to IP address!");
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
        return a;
    }

    /**
     * The seeds, keeping those of the local address's family (spec §3.7: a joiner needs an address of
     * the family the seed advertises; a host name resolving to both is used as IPv4). None reachable by
     * family → 3092 with a line that says so; none at all → MySQL's "peers not configured".
     */
    private static List<InetSocketAddress> parseSeeds(String value, InetSocketAddress local) throws SQLException {
        List<InetSocketAddress> out = new ArrayList<>();
        List<String> otherFamily = new ArrayList<>();
        for (String item : value.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            InetSocketAddress a;
            try {
                a = parseEndpoint(s);
            } catch (IllegalArgumentException | UnknownHostException e) {
                ErrorLog.gcs(LogLevel.WARNING, "Invalid peer address (" + s + ") in group_replication_group_seeds; ignored.");
                continue;
            }
            if ((a.getAddress() instanceof Inet6Address) != (local.getAddress() instanceof Inet6Address)) {
                otherFamily.add(s);
                continue;
            }
            if (!a.equals(local)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            if (!otherFamily.isEmpty()) {
                ErrorLog.gcs(LogLevel.ERROR, "None of the seeds " + String.join(",", otherFamily)
                        + " is of the address family of the local address " + endpoint(local)
                        + "; a joiner must have an address of the family its seeds advertise.");
            } else {
                ErrorLog.gcs(LogLevel.ERROR, "Unable to join the group: peers not configured. ");
            }
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
        return List.copyOf(out);
    }

    static InetSocketAddress parseEndpoint(String value) throws UnknownHostException {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(value);
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || value.indexOf(':') != colon) {
                throw new IllegalArgumentException(value);
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(value);
        }
        if (p < 1 || p > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException(value);
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException(host);
        }
        InetAddress chosen = all[0];
        for (InetAddress a : all) {
            if (!(a instanceof Inet6Address)) {
                chosen = a; // IPv4 preferred, as XCom
                break;
            }
        }
        return new InetSocketAddress(chosen, p);
    }

    static String endpoint(InetSocketAddress a) {
        // inet_ntop's form (::1, not 0:0:0:0:0:0:0:1), as MySQL prints addresses
        String host = io.jgr.perimeter.allowlist.IpLiteral.format(a.getAddress().getAddress());
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}
