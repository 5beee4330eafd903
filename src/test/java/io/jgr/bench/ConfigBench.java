package io.jgr.bench;

import io.jgr.server.config.SessionVariables;
import io.jgr.server.config.SessionVariables.Scope;
import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.PasswordMasker;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What the configuration adds to a session's hot path: an {@code @@} probe, a session SET, a new
 * session (copying the session values), and password masking of a statement for the general log.
 * Run: {@code mvn -q test-compile exec:java} is not set up; use
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.jgr.bench.ConfigBench}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ConfigBench {
    private SystemVariables vars;
    private SessionVariables session;

    @Setup
    public void setUp() {
        vars = SystemVariables.standard();
        session = vars.newSession();
    }

    @Benchmark
    public Object selectSessionVariable() throws SQLException {
        return session.get("transaction_isolation", Scope.DEFAULT);
    }

    @Benchmark
    public Object setAutocommit() throws SQLException {
        return session.set("autocommit", Scope.DEFAULT, 1L);
    }

    @Benchmark
    public Object newSession() {
        return vars.newSession();
    }

    @Benchmark
    public String maskPlainQuery() {
        return PasswordMasker.mask("SELECT c FROM sbtest1 WHERE id = 4711 AND k BETWEEN 10 AND 20 ORDER BY c");
    }

    @Benchmark
    public String maskCreateUser() {
        return PasswordMasker.mask("CREATE USER 'app'@'%' IDENTIFIED WITH caching_sha2_password BY 'it''s s3cret' REQUIRE SSL");
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ConfigBench.class.getSimpleName()).build()).run();
    }
}
