package io.jgr.bench;

import io.jgr.replication.ReplicationGroup;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-JVM commit throughput and single-client commit latency: a standalone engine vs the primary
 * of a 3-member single-primary group (real Groups on 127.0.0.1–3, TLS off). Each commit is an
 * autocommit UPDATE of one row by primary key (the rows spread over 1000 ids).
 * Usage: ReplicationBench [single-client commits] [clients] [commits per client]
 */
public final class ReplicationBench {
    private static final AtomicLong IDS = new AtomicLong(1_000_000);

    public static void main(String[] args) throws Exception {
        int single = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path dir = Files.createTempDirectory("jgr-replication-bench");

        H2Engine standalone = H2Engine.open(dir.resolve("standalone"), SystemVariables.standard(),
                H2Engine.Options.defaults().withRootPassword("pw"));
        Result a = run("standalone engine", () -> root(standalone), single, clients, perClient);
        standalone.close();

        Result b;
        try (ReplicationGroup g = new ReplicationGroup(dir, 3, true)) {
            ReplicationGroup.Node primary = g.primary();
            b = run("3-member group, primary", primary::session, single, clients, perClient);
            g.awaitConverged(g.nodes);
        }
        System.out.printf("%nratio group / standalone: throughput %.2f, single-client p50 %.1fx%n",
                b.throughput / a.throughput, b.p50 / a.p50);
    }

    record Result(double throughput, double p50, double p99) {
    }

    private static Result run(String name, Callable<Session> sessions, int single, int clients, int perClient) throws Exception {
        Session setup = sessions.call();
        setup.execute("CREATE DATABASE IF NOT EXISTS bench");
        setup.execute("CREATE TABLE bench.t (id INT PRIMARY KEY, v BIGINT)");
        StringBuilder insert = new StringBuilder("INSERT INTO bench.t VALUES ");
        for (int i = 0; i < 1000; i++) {
            insert.append(i == 0 ? "" : ",").append('(').append(i).append(",0)");
        }
        setup.execute(insert.toString());
        // warm-up
        for (int i = 0; i < 300; i++) {
            setup.execute("UPDATE bench.t SET v = v + 1 WHERE id = " + (i % 1000));
        }
        long[] latencies = new long[single];
        for (int i = 0; i < single; i++) {
            long t0 = System.nanoTime();
            setup.execute("UPDATE bench.t SET v = v + 1 WHERE id = " + (i % 1000));
            latencies[i] = System.nanoTime() - t0;
        }
        Arrays.sort(latencies);
        double p50 = latencies[single / 2] / 1e6;
        double p99 = latencies[(int) (single * 0.99)] / 1e6;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Long>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                Session s = sessions.call();
                long failed = 0;
                for (int i = 0; i < perClient; i++) {
                    // each client its own rows: no conflicts, so this measures the commit path
                    int id = client * 250 + i % 250;
                    try {
                        s.execute("UPDATE bench.t SET v = v + 1 WHERE id = " + id);
                    } catch (java.sql.SQLException e) {
                        failed++;
                    }
                }
                s.close();
                return failed;
            }));
        }
        long failed = 0;
        for (Future<Long> f : done) {
            failed += f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        double tps = clients * perClient / seconds;
        System.out.printf("%-26s single client: p50 %.3f ms, p99 %.3f ms (%d commits) | %d clients: %.0f commits/s (%d failed)%n",
                name, p50, p99, single, clients, tps, failed);
        setup.close();
        return new Result(tps, p50, p99);
    }

    private static Session root(H2Engine engine) throws Exception {
        Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
        return engine.openSession(new ConnectionInfo(IDS.incrementAndGet(), root, InetAddress.getLoopbackAddress(), null, null, null));
    }
}
