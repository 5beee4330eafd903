package io.jgr.server.config;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.ErrorLogFile;
import io.jgr.server.log.GeneralLog;
import io.jgr.server.log.LogLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * A member's configuration at start, in MySQL's order: compiled-in defaults, then the options file
 * ({@code --defaults-file}, {@code [mysqld]}, {@code [server]}, {@code [mysqld-8.0]}, {@code [jgr]}),
 * then {@code --defaults-extra-file}, then the command line, then the datadir's identity
 * ({@code auto.cnf}) and persisted variables ({@code mysqld-auto.cnf}), which win over everything
 * else, as in MySQL. SET PERSIST writes to the same file from then on.
 */
public final class ServerConfig {
    private final SystemVariables variables;
    private final Path datadir;
    private final Map<String, String> options;
    private final PersistedVariables persisted;

    private ServerConfig(SystemVariables variables, Path datadir, Map<String, String> options,
            PersistedVariables persisted) {
        this.variables = variables;
        this.datadir = datadir;
        this.options = options;
        this.persisted = persisted;
    }

    /** {@link #load(Collection, String...)} with no component options. */
    public static ServerConfig load(String... args) throws OptionsException {
        return load(List.of(), args);
    }

    /**
     * Reads the options and the datadir. {@code componentOptions} are extra option names (not
     * system variables) that components read with {@link #option(String)}. On a configuration error
     * the error and MySQL's "Aborting" are written to the error log and the exception is thrown.
     */
    public static ServerConfig load(Collection<String> componentOptions, String... args) throws OptionsException {
        try {
            return load0(SystemVariables.standard(), componentOptions, args);
        } catch (OptionsException e) {
            ErrorLog.write(LogLevel.ERROR, e.code(), "Server", e.getMessage());
            ErrorLog.write(LogLevel.ERROR, "MY-010119", "Server", "Aborting");
            throw e;
        }
    }

    private static ServerConfig load0(SystemVariables vars, Collection<String> componentOptions, String... args)
            throws OptionsException {
        CommandLineOptions cmd = CommandLineOptions.parse(args);
        List<OptionsFile.Option> all = new ArrayList<>();
        if (!cmd.noDefaults() && cmd.defaultsFile() != null) {
            all.addAll(OptionsFile.read(cmd.defaultsFile(), OptionsFile.SERVER_GROUPS));
        }
        if (!cmd.noDefaults() && cmd.defaultsExtraFile() != null) {
            all.addAll(OptionsFile.read(cmd.defaultsExtraFile(), OptionsFile.SERVER_GROUPS));
        }
        all.addAll(cmd.options());
        StartupOptions startup = new StartupOptions(vars, componentOptions);
        startup.applyAll(all);

        String hostname = Hostname.local();
        vars.setComputedDefault("hostname", hostname);
        vars.setComputedDefault("system_time_zone",
                TimeZone.getDefault().getDisplayName(false, TimeZone.SHORT));
        Path datadir = datadir(vars);
        vars.setInternal("datadir", datadir + "/");
        vars.setComputedDefault("report_port", vars.globalValue("port"));
        vars.setComputedDefault("general_log_file", datadir.resolve(hostname + ".log").toString());
        vars.setComputedDefault("pid_file", datadir.resolve(hostname + ".pid").toString());
        String logError = (String) vars.globalValue("log_error");
        if (logError.isEmpty()) {
            vars.setInternal("log_error", datadir.resolve(hostname + ".err").toString());
        } else if (!logError.equals("stderr")) {
            vars.setInternal("log_error", datadir.resolve(logError).toString());
        }
        String generalLogFile = (String) vars.globalValue("general_log_file");
        vars.setInternal("general_log_file", datadir.resolve(generalLogFile).toString());

        try {
            vars.setInternal("server_uuid", ServerUuidFile.loadOrCreate(datadir));
        } catch (IOException e) {
            throw new OptionsException("MY-010076", e.getMessage(), e);
        }
        PersistedVariables persisted;
        try {
            persisted = PersistedVariables.open(datadir);
        } catch (IOException e) {
            throw new OptionsException("MY-010936", PersistedVariables.CORRUPTED, e);
        }
        if (Boolean.TRUE.equals(vars.globalValue("persisted_globals_load"))) {
            applyPersisted(vars, persisted);
        }
        vars.persistTo(persisted);
        return new ServerConfig(vars, datadir, startup.options(), persisted);
    }

    private static Path datadir(SystemVariables vars) throws OptionsException {
        String configured = (String) vars.globalValue("datadir");
        Path dir = Path.of(configured.isEmpty() ? "data" : configured).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OptionsException("MY-010187", "Could not open datadir: " + dir + " (" + e.getMessage() + ")", e);
        }
        return dir;
    }

    private static void applyPersisted(SystemVariables vars, PersistedVariables persisted) throws OptionsException {
        for (PersistedVariables.Entry e : persisted.inApplyOrder()) {
            VarDef def = vars.definition(e.name());
            if (def == null) {
                ErrorLog.write(LogLevel.WARNING, "MY-013185", "Server",
                        "Currently unknown variable '" + e.name() + "' was read from the persisted config file.");
                continue;
            }
            try {
                if (e.value() == null && def.nullable()) {
                    vars.setInternal(def.name(), null);
                } else {
                    vars.applyStartupValue(def.name(), e.value());
                }
            } catch (IllegalArgumentException ex) {
                throw new OptionsException("MY-000077", ex.getMessage() + ".", ex);
            }
        }
    }

    public SystemVariables variables() {
        return variables;
    }

    /** The absolute datadir (created if missing). */
    public Path datadir() {
        return datadir;
    }

    public String serverUuid() {
        return (String) variables.globalValue("server_uuid");
    }

    public PersistedVariables persisted() {
        return persisted;
    }

    /** A non-variable option ({@code root_password}, {@code plugin_load_add}, ...); "" for a bare flag. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(VarDef.normalize(name)));
    }

    /** The error-log file, or empty when log_error is stderr. */
    public Optional<Path> errorLogFile() {
        String v = (String) variables.globalValue("log_error");
        return v.equals("stderr") ? Optional.empty() : Optional.of(Path.of(v));
    }

    /**
     * Starts writing the error log to the log_error file (nothing when log_error is stderr). As
     * MySQL, the file replaces stderr.
     */
    public Optional<ErrorLogFile> openErrorLog() {
        return errorLogFile().map(f -> ErrorLogFile.open(f, false));
    }

    /**
     * The general log, following general_log, general_log_file (relative to the datadir), log_output
     * and log_timestamps now and whenever SET GLOBAL changes them.
     */
    public GeneralLog openGeneralLog() {
        GeneralLog log = new GeneralLog("jgr", variables.globalText("version"),
                variables.globalText("version_comment"), ((Long) variables.globalValue("port")).intValue());
        Runnable apply = () -> {
            boolean on = Boolean.TRUE.equals(variables.globalValue("general_log"))
                    && variables.globalText("log_output").contains("FILE");
            Path file = datadir.resolve(variables.globalText("general_log_file"));
            try {
                log.configure(on, file, variables.globalText("log_timestamps").equals("UTC"));
            } catch (IOException e) {
                ErrorLog.write(LogLevel.ERROR, "MY-011071", "Server",
                        "Could not use " + file + " for logging (error " + e.getMessage() + "). Turning logging off"
                                + " for the whole duration of the MySQL server process.");
            }
        };
        for (String name : List.of("general_log", "general_log_file", "log_output", "log_timestamps")) {
            variables.addListener(name, (def, old, now) -> apply.run());
        }
        apply.run();
        return log;
    }

    /** The machine's host name without a DNS lookup (kernel name first), for hostname and log file names. */
    static final class Hostname {
        private Hostname() {
        }

        static String local() {
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    String name = Files.readString(kernel, StandardCharsets.US_ASCII).strip();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
            } catch (IOException e) {
                // fall through
            }
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
