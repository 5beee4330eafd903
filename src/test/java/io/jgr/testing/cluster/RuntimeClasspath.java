package io.jgr.testing.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The class path a member JVM runs with: {@code target/classes} plus {@code target/lib/*} (the
 * runtime dependencies {@code mvn package} copies, as bin/jgr uses them), or, before packaging,
 * the test class path surefire/failsafe pass ({@code surefire.test.class.path}) without the test
 * classes, so that a member never picks up test resources such as logback-test.xml.
 */
final class RuntimeClasspath {
    private RuntimeClasspath() {
    }

    static String get() {
        Path project = Path.of(System.getProperty("jgr.project.dir", ".")).toAbsolutePath();
        Path classes = project.resolve("target/classes");
        Path lib = project.resolve("target/lib");
        if (Files.isDirectory(lib) && Files.isDirectory(classes)) {
            return classes + File.pathSeparator + lib + File.separator + "*";
        }
        String testPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(testPath.split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
