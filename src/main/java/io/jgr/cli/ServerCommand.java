package io.jgr.cli;

import io.jgr.server.MemberPlugins;
import io.jgr.server.MemberServer;
import io.jgr.server.config.OptionsException;
import io.jgr.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code jgr server --defaults-file=my.cnf [--name=value ...]}: runs one member until SIGTERM
 * (or SHUTDOWN). Arguments are mysqld's, passed as they are to {@link ServerConfig#load}.
 */
@Command(name = "server",
        description = {"Runs a jgr member: MySQL-style options (--defaults-file=FILE, --datadir=DIR, --port=N, ...).",
            "Root's password on first start: jgr_root_password in [jgr], else one is generated and printed once."})
public final class ServerCommand implements Callable<Integer> {
    @Unmatched
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            config = ServerConfig.load(MemberServer.componentOptions(), args.toArray(String[]::new));
        } catch (OptionsException e) {
            return 1; // already in the error log with "Aborting"
        }
        MemberServer member;
        try {
            member = MemberServer.start(config, MemberPlugins.standard(), System.out);
        } catch (MemberServer.StartException e) {
            return 1;
        }
        Thread hook = new Thread(member::close, "jgr-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        member.awaitShutdown();
        return 0;
    }
}
