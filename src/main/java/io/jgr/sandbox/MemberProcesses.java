package io.jgr.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Member processes started detached ({@code setsid}, stdin from /dev/null, output to files in the
 * datadir), found again through their pid files. Every wait is bounded.
 */
public final class MemberProcesses {
    static final Duration READY_LIMIT = Duration.ofSeconds(90);
    static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final String READY = "ready for connections";

    private MemberProcesses() {
    }

    /** The running member's process, if its pid file names a live process. */
    public static Optional<ProcessHandle> running(SandboxMember m) {
        try {
            if (!Files.isRegularFile(m.pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(m.pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A member being started: its process and the ready lines its error log had before. */
    public record Launched(SandboxMember member, Process process, int readyBefore) {
    }

    /** Launches the member; {@link #awaitReady} then waits for it. */
    public static Launched launch(SandboxLayout layout, SandboxMember m) throws IOException {
        Files.createDirectories(m.datadir());
        int readyBefore = readyLines(m);
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");   // its own session: a Ctrl-C in the operator's shell does not reach it
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("JGR_MEMBER_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
        } else {
            // small heaps for three members on a laptop; the JIT left whole: C1 alone started ~1 s faster but
            // ran sysbench 30 % slower and recovered large rows 3x slower (docs/sandbox.md, "Member JVMs")
            cmd.addAll(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC"));
        }
        cmd.addAll(List.of("-cp", classPath(layout), "io.jgr.cli.Main", "server",
                "--defaults-file=" + m.optionsFile(), "--defaults-extra-file=" + layout.credentials()));
        Process process = new ProcessBuilder(cmd).directory(m.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(m.datadir().resolve("stdout.txt").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(m.datadir().resolve("stderr.txt").toFile()))
                .start();
        return new Launched(m, process, readyBefore);
    }

    /** Waits (bounded) for a new "ready for connections" line; fails with the end of the error log. */
    public static void awaitReady(Launched launched) throws IOException {
        SandboxMember m = launched.member();
        int readyBefore = launched.readyBefore();
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (readyLines(m) > readyBefore && running(m).isPresent()) {
                return;
            }
            if (!launched.process().isAlive() && readyLines(m) == readyBefore) {
                break;   // exited before getting ready (setsid execs in place, so this is the member's JVM)
            }
            sleep(200);
        }
        throw new IOException(m.name() + " did not become ready; end of " + m.errorLog() + ":\n  "
                + String.join("\n  ", errorLogTail(m, 12)));
    }

    /** SIGTERM (MySQL's orderly shutdown), then SIGKILL after {@link #STOP_LIMIT}. True if it was running. */
    public static boolean stop(SandboxMember m) {
        Optional<ProcessHandle> p = running(m);
        if (p.isEmpty()) {
            return false;
        }
        p.get().destroy();
        long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
        while (p.get().isAlive() && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (p.get().isAlive()) {
            p.get().destroyForcibly();
        }
        return true;
    }

    static int readyLines(SandboxMember m) {
        try {
            if (!Files.exists(m.errorLog())) {
                return 0;
            }
            return (int) Files.readAllLines(m.errorLog(), StandardCharsets.UTF_8).stream().filter(l -> l.contains(READY)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    static List<String> errorLogTail(SandboxMember m, int lines) {
        try {
            List<String> all = Files.exists(m.errorLog()) ? Files.readAllLines(m.errorLog(), StandardCharsets.UTF_8) : List.of();
            if (all.isEmpty() && Files.exists(m.datadir().resolve("stderr.txt"))) {
                all = Files.readAllLines(m.datadir().resolve("stderr.txt"), StandardCharsets.UTF_8);
            }
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read: " + e.getMessage() + ")");
        }
    }

    /**
     * Copies the running build (jgr.jar and its lib/) into {@code <dir>/runtime}, so that members
     * keep running when {@code bin/jgr} rebuilds target/jgr.jar under them (classes load lazily
     * from the jar). Called at deploy, and at start when no member runs. From a class directory
     * (in-process tests) the class path is used as it is.
     */
    public static void installRuntime(SandboxLayout layout) throws IOException {
        Path runtime = layout.dir().resolve("runtime");
        Path source;
        try {
            source = Path.of(MemberProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return;
        }
        if (!Files.isRegularFile(source)) {
            return;
        }
        Sandbox.deleteTree(runtime);
        Files.createDirectories(runtime.resolve("lib"));
        Files.copy(source, runtime.resolve("jgr.jar"));
        Path lib = source.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (var files = Files.list(lib)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, runtime.resolve("lib").resolve(f.getFileName()));
                }
            }
        }
    }

    static String classPath(SandboxLayout layout) {
        Path jar = layout.dir().resolve("runtime").resolve("jgr.jar");
        return Files.isRegularFile(jar) ? jar.toString() : classPath();
    }

    /** This JVM's class path, absolute (the member runs from another working directory). */
    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!p.isBlank() && !p.contains("test-classes")) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
