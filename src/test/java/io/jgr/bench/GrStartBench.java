package io.jgr.bench;

import io.jgr.gcs.GroupPki;
import io.jgr.gr.GrNode;
import io.jgr.gr.GroupReplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Time from START GROUP_REPLICATION to ONLINE through SQL, three members in this JVM on 127.0.0.1–3
 * (bootstrap member, then each joiner), DISABLED vs VERIFY_IDENTITY. Run by {@code bench/gr.sh [rounds]}.
 * Joiners in this issue go RECOVERING → ONLINE without data transfer, so the figure is the group
 * engine's join + promotion plus the plugin's START work (TLS material, allowlist, configuration).
 */
public final class GrStartBench {
    private GrStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("START GROUP_REPLICATION -> ONLINE, ms (3 members in one JVM, " + rounds + " rounds, first round discarded)");
        System.out.printf("%-16s %12s %12s %12s %12s%n", "mode", "bootstrap p50", "joiner p50", "joiner max", "3 ONLINE p50");
        for (String mode : List.of("DISABLED", "VERIFY_IDENTITY")) {
            List<Long> boot = new ArrayList<>();
            List<Long> join = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            for (int r = 0; r <= rounds; r++) {
                long[] t = round(mode);
                if (r == 0) {
                    continue; // warm-up (class loading, JIT)
                }
                boot.add(t[0]);
                join.add(t[1]);
                join.add(t[2]);
                all.add(t[3]);
            }
            System.out.printf("%-16s %12d %12d %12d %12d%n", mode, p50(boot), p50(join), Collections.max(join), p50(all));
        }
        System.exit(0);
    }

    private static long[] round(String mode) throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try {
            String group = UUID.randomUUID().toString();
            for (int i = 1; i <= 3; i++) {
                GrNode n = new GrNode(i);
                n.ssl(GroupPki.INSTANCE.sslOptions("member" + i));
                nodes.add(n);
            }
            for (GrNode n : nodes) {
                n.configure(group, nodes.get(0).localAddress(), "127.0.0.1,127.0.0.2,127.0.0.3", mode);
            }
            long t0 = System.nanoTime();
            nodes.get(0).bootstrap();
            long boot = awaitOnline(nodes.get(0), t0);
            long start = System.nanoTime();
            long[] joiners = new long[2];
            for (int i = 1; i <= 2; i++) {
                long s = System.nanoTime();
                nodes.get(i).sql("START GROUP_REPLICATION");
                joiners[i - 1] = awaitOnline(nodes.get(i), s);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (nodes.stream().anyMatch(n -> count(n) < 3) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            return new long[] {boot, joiners[0], joiners[1], (System.nanoTime() - start) / 1_000_000};
        } finally {
            nodes.forEach(GrNode::close);
        }
    }

    private static long count(GrNode n) {
        try {
            return n.onlineCount();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long awaitOnline(GrNode n, long since) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (n.plugin.state() != GroupReplication.LocalState.ONLINE && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long p50(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
