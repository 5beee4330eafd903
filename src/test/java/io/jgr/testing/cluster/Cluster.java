package io.jgr.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * N members on 127.0.0.1 … 127.0.0.N (each with its own directory under one temporary base, its
 * own ports and, by default, a certificate from one {@link ClusterPki}). Always use in
 * try-with-resources (or close in {@code @AfterAll}): {@link #close()} kills every process and
 * removes the directories, also when starting failed half-way (then {@link #start} closes what it
 * started before rethrowing). Set {@code -Djgr.keepClusterDirs=true} to keep the directories for a
 * post-mortem.
 */
public final class Cluster implements AutoCloseable {
    private final Path base;
    private final ClusterPki pki;
    private final List<MemberProcess> members = new ArrayList<>();

    private Cluster(Path base, ClusterPki pki) {
        this.base = base;
        this.pki = pki;
    }

    /** A cluster with TLS (one CA, a certificate per member) whose members are not started yet. */
    public static Cluster create(int size) {
        return create(size, true);
    }

    public static Cluster create(int size, boolean tls) {
        Path base;
        try {
            base = Files.createTempDirectory("jgr-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cluster c = new Cluster(base, tls ? new ClusterPki(base.resolve("pki")) : null);
        try {
            for (int i = 1; i <= size; i++) {
                c.members.add(new MemberProcess("member" + i, "127.0.0." + i, base.resolve("member" + i), c.pki));
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Creates and starts {@code size} TLS members, each configured by {@code configure} first. */
    public static Cluster start(int size, Consumer<MemberProcess> configure) {
        Cluster c = create(size);
        try {
            for (MemberProcess m : c.members) {
                configure.accept(m);
                m.start();
            }
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    public static Cluster start(int size) {
        return start(size, m -> { });
    }

    /**
     * Adds a member (not started) on any loopback address, e.g. {@code ::1}, under this cluster's base
     * and closed with it; {@code tls} gives it a certificate from this cluster's PKI for its client port.
     */
    public MemberProcess add(String name, String ip, boolean tls) {
        MemberProcess m = new MemberProcess(name, ip, base.resolve(name), tls ? pki : null);
        members.add(m);
        return m;
    }

    public MemberProcess member(int oneBased) {
        return members.get(oneBased - 1);
    }

    public List<MemberProcess> members() {
        return Collections.unmodifiableList(members);
    }

    public ClusterPki pki() {
        return pki;
    }

    public Path base() {
        return base;
    }

    /** Kills every member (SIGKILL, no orderly shutdown needed) and removes the directories. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (MemberProcess m : members) {
            try {
                m.kill9();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (!Boolean.getBoolean("jgr.keepClusterDirs")) {
            deleteTree(base);
        }
        if (first != null) {
            throw first;
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
