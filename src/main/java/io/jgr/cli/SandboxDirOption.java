package io.jgr.cli;

import io.jgr.sandbox.SandboxLayout;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir}: the sandbox directory (default {@code $JGR_SANDBOX}, else {@code ~/.jgr/sandbox}). */
final class SandboxDirOption {
    @Option(names = "--dir", paramLabel = "<dir>",
            description = "Sandbox directory (default: $JGR_SANDBOX, else ~/.jgr/sandbox).")
    Path dir;

    Path dir() {
        return dir != null ? dir : SandboxLayout.defaultDir();
    }

    SandboxLayout load() throws IOException {
        return SandboxLayout.load(dir());
    }
}
