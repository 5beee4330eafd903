package io.jgr.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One jgr member as a real process: {@code java -cp <classes + runtime libs> io.jgr.cli.Main server
 * --defaults-file=<dir>/my.cnf}, bound to its own loopback address (127.0.0.N) with its own
 * datadir, error log ({@code <dir>/error.log}) and ports. {@link #start()} waits for MySQL's
 * {@code ready for connections} line; {@link #stop()} sends SIGTERM, {@link #kill9()} SIGKILL.
 * Use through {@link Cluster}, which always cleans up.
 */
public final class MemberProcess implements AutoCloseable {
    public static final String ROOT_PASSWORD = "Root-pw-1!";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String ip;
    private final Path dir;
    private final int port;
    private final ClusterPki pki;
    private ClusterPki.MemberCertificate certificate;
    /** False once {@link #clientCertificateNames} gave a certificate that does not name {@link #ip}. */
    private boolean certificateNamesIp = true;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k"));
    private Process process;
    private Thread reaper;

    /**
     * @param pki null for a member without TLS on its client port
     */
    public MemberProcess(String name, String ip, Path dir, ClusterPki pki) {
        this.name = name;
        this.ip = ip;
        this.dir = dir;
        this.pki = pki;
        this.port = freePort(ip);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.certificate = pki == null ? null : pki.issue(name, ip);
        options.put("datadir", dir.resolve("data").toString());
        options.put("bind_address", ip);
        options.put("port", Integer.toString(port));
        options.put("report_host", ip);
        options.put("log_error", dir.resolve("error.log").toString());
        options.put("general_log", "ON");
        options.put("general_log_file", dir.resolve("general.log").toString());
        if (certificate != null) {
            options.put("ssl_ca", pki.caPem().toString());
            options.put("ssl_cert", certificate.certPem().toString());
            options.put("ssl_key", certificate.keyPem().toString());
        }
    }

    /** Sets a {@code [mysqld]} option for the next start (null removes it). */
    public MemberProcess option(String option, String value) {
        if (value == null) {
            options.remove(option);
        } else {
            options.put(option, value);
        }
        return this;
    }

    /**
     * Issues this member a new client-port certificate (ssl_cert/ssl_key, for the next start) naming only
     * {@code names} — IP literals as IP SANs, the rest as DNS names — e.g. one that does not name the host
     * others dial. The test's own connections then check the CA only (VERIFY_CA) unless it names {@link #ip}.
     */
    public MemberProcess clientCertificateNames(String... names) {
        io.jgr.pki.CertificateRequest request = io.jgr.pki.CertificateRequest.leaf(name);
        for (String n : names) {
            request = n.matches("[0-9.]+|.*:.*") ? request.ip(n) : request.dns(n);
        }
        certificate = pki.issue(name + "-named", request);
        certificateNamesIp = List.of(names).contains(ip);
        options.put("ssl_cert", certificate.certPem().toString());
        options.put("ssl_key", certificate.keyPem().toString());
        return this;
    }

    /** Adds a JVM option (e.g. {@code -XX:TieredStopAtLevel=1}) for the next start. */
    public MemberProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public String name() {
        return name;
    }

    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path datadir() {
        return dir.resolve("data");
    }

    public Path errorLog() {
        return dir.resolve("error.log");
    }

    public Path generalLog() {
        return dir.resolve("general.log");
    }

    public ClusterPki pki() {
        return pki;
    }

    public ClusterPki.MemberCertificate certificate() {
        return certificate;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Writes my.cnf, starts the JVM and waits for the ready line written after this start. */
    public synchronized MemberProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is running");
        }
        try {
            Path cnf = writeOptionsFile();
            int readyBefore = countReady();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", RuntimeClasspath.get(), "io.jgr.cli.Main", "server", "--defaults-file=" + cnf));
            process = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.txt").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()))
                    .start();
            Process p = process;
            // A test JVM that dies must not leave members behind.
            reaper = new Thread(p::destroyForcibly, "kill-" + name);
            Runtime.getRuntime().addShutdownHook(reaper);
            awaitReady(readyBefore);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path writeOptionsFile() throws IOException {
        StringBuilder b = new StringBuilder("[mysqld]\n");
        options.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        b.append("\n[jgr]\njgr_root_password = ").append(ROOT_PASSWORD).append('\n');
        Path cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, b.toString(), StandardCharsets.UTF_8);
        return cnf;
    }

    private int countReady() {
        return (int) errorLogLines().stream().filter(l -> l.contains("ready for connections")).count();
    }

    private void awaitReady(int readyBefore) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (countReady() > readyBefore) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + diagnostics());
            }
            Thread.sleep(100);
        }
        kill9();
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + ":\n" + diagnostics());
    }

    /** The end of the error log and stderr, for failure messages. */
    public String diagnostics() {
        List<String> log = errorLogLines();
        return "error log:\n" + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size()))
                + "\nstderr:\n" + read(dir.resolve("stderr.txt"));
    }

    /** The error log's lines so far (all starts). */
    public List<String> errorLogLines() {
        return lines(errorLog());
    }

    /** The last {@code n} lines of the error log, one string: what a failed wait reports, as datadirs are removed. */
    public String errorLogTail(int n) {
        List<String> log = errorLogLines();
        return String.join("\n", log.subList(Math.max(0, log.size() - n), log.size()));
    }

    public List<String> generalLogLines() {
        return lines(generalLog());
    }

    /** What the process printed on stdout (the generated root password, if any). */
    public String stdout() {
        return read(dir.resolve("stdout.txt"));
    }

    private static List<String> lines(Path file) {
        return Files.exists(file) ? List.of(read(file).split("\n")) : List.of();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM and wait for the orderly shutdown (SIGKILL if it takes longer than the stop timeout). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        await(STOP_TIMEOUT);
    }

    /** SIGKILL: no shutdown of any kind. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await(STOP_TIMEOUT);
    }

    public MemberProcess restart() {
        stop();
        return start();
    }

    /** Waits for the process to end by itself (e.g. after a SHUTDOWN statement); false if it did not. */
    public synchronized boolean awaitExit(Duration limit) throws InterruptedException {
        if (process == null) {
            return true;
        }
        if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            forget();
            return true;
        }
        return false;
    }

    private void await(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        forget();
    }

    private void forget() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        process = null;
    }

    /**
     * {@code jdbc:mysql://ip:port/db?...} with VERIFY_IDENTITY when the cluster has a PKI (VERIFY_CA for a
     * certificate from {@link #clientCertificateNames} that does not name the IP).
     */
    public String jdbcUrl(String database, String extraOptions) {
        String tls = pki == null ? "sslMode=DISABLED&allowPublicKeyRetrieval=false" : pki.connectorJTrustOptions(certificateNamesIp);
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip; // IPv6 literal
        return "jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database) + "?" + tls
                + "&connectTimeout=10000&socketTimeout=60000"
                + (extraOptions == null || extraOptions.isEmpty() ? "" : "&" + extraOptions);
    }

    public Connection connect(String user, String password, String database, String extraOptions) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database, extraOptions), p);
    }

    /** root over TLS (VERIFY_IDENTITY) to no particular database. */
    public Connection connectRoot() throws SQLException {
        return connect("root", ROOT_PASSWORD, null, null);
    }

    /** Runs each statement as root, in order, on one connection. */
    public void execRoot(String... statements) throws SQLException {
        try (Connection c = connectRoot(); java.sql.Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The first column of every row {@code sql} returns, as root. */
    public List<String> queryRoot(String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = connectRoot(); java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        kill9();
    }

    /** A port free on {@code ip} now (bound and released; the member binds it a moment later). */
    private static int freePort(String ip) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + ip + ":" + port;
    }
}
