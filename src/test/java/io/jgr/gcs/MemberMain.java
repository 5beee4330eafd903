package io.jgr.gcs;

import io.jgr.perimeter.net.PlaintextMemberTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One member in its own JVM, driven by a line protocol (tests only). Arguments:
 * {@code groupUuid memberUuid host:port seed,seed,... bootstrap expelMillis}.
 * Prints {@code READY}, then {@code VIEW ...} on every membership change; reads {@code broadcast}
 * (answers {@code COMMITTED <index>} or {@code FAILED <message>}) and {@code leave}.
 */
public final class MemberMain {
    private MemberMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        GroupConfig config = new GroupConfig(UUID.fromString(args[0]), UUID.fromString(args[1]), endpoint(args[2]),
                seeds(args[3]), Boolean.parseBoolean(args[4]), Duration.ofMillis(Long.parseLong(args[5])),
                peer -> true, PlaintextMemberTls.INSTANCE, TestMembers.FAST);
        Group group;
        try {
            group = Group.join(config, (index, payload) -> { }, m -> out.println(describe(m)));
            group.declareOnline().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.println("FAILED " + e.getMessage());
            System.exit(2);
            return;
        }
        out.println("READY " + group.raftId());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("broadcast")) {
                try {
                    out.println("COMMITTED " + group.broadcast("hello".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    out.println("FAILED " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
                }
            } else if (line.equals("leave")) {
                break;
            }
        }
        group.leave();
        System.exit(0);
    }

    /** {@code VIEW voters=3 majority=true members=127.0.0.1:7000/ONLINE,... departed=127.0.0.3:7002/EXPELLED} */
    static String describe(Membership m) {
        return "VIEW voters=" + m.voters() + " majority=" + m.majority()
                + " members=" + m.members().stream().map(x -> x.endpoint() + "/" + x.state()).collect(Collectors.joining(","))
                + " departed=" + m.departed().stream().map(x -> x.endpoint() + "/" + x.state()).collect(Collectors.joining(","));
    }

    private static InetSocketAddress endpoint(String hostPort) throws Exception {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static List<InetSocketAddress> seeds(String list) throws Exception {
        List<InetSocketAddress> seeds = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                seeds.add(endpoint(s.trim()));
            }
        }
        return seeds;
    }
}
