package io.jgr.server.config;

import io.jgr.server.config.OptionsFile.Option;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies start-up options (options file, then command line) as my_getopt does: dashes and
 * underscores are the same, {@code loose-} makes an unknown option a warning instead of an error
 * ({@code unknown variable 'x=y'}, which aborts start), {@code skip-}/{@code disable-} turn a boolean
 * off and {@code enable-} or a bare name turn it on. System variables go to the registry; the other
 * options MySQL servers accept are kept by name for the components that read them.
 */
public final class StartupOptions {
    /** Server options that are not system variables (or that jgr keeps without a variable). */
    private static final Set<String> KNOWN = Set.of(
            "user", "plugin_load", "plugin_load_add", "group_replication", "initialize", "initialize_insecure",
            "console", "log_slave_updates", "relay_log", "relay_log_index", "master_info_repository",
            "relay_log_info_repository", "skip_replica_start", "skip_slave_start", "sync_binlog", "log_bin_basename",
            "early_plugin_load", "core_file", "symbolic_links", "root_password");
    /** Families of MySQL options jgr accepts and ignores (storage engine and binlog tuning). */
    private static final List<String> KNOWN_PREFIXES = List.of(
            "innodb_", "binlog_", "mysqlx", "performance_schema_", "replica_", "slave_", "relay_log_", "gtid_");

    private final SystemVariables vars;
    private final Set<String> extraKnown = new TreeSet<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    public StartupOptions(SystemVariables vars, Collection<String> componentOptions) {
        this.vars = vars;
        componentOptions.forEach(o -> extraKnown.add(VarDef.normalize(o)));
    }

    /** Applies options in order (later ones win). */
    public void applyAll(List<Option> list) throws OptionsException {
        for (Option o : list) {
            apply(o);
        }
    }

    /** The non-variable options seen, by normalised name (value "" for a bare flag). */
    public Map<String, String> options() {
        return Map.copyOf(options);
    }

    void apply(Option o) throws OptionsException {
        String name = VarDef.normalize(o.name());
        boolean loose = false;
        if (name.startsWith("loose_")) {
            loose = true;
            name = name.substring("loose_".length());
        }
        String value = o.value();
        if (!isKnown(name)) {
            String base = null;
            Boolean flag = null;
            for (String prefix : List.of("skip_", "disable_", "enable_", "maximum_")) {
                if (name.startsWith(prefix) && isKnown(name.substring(prefix.length()))) {
                    base = name.substring(prefix.length());
                    flag = !prefix.equals("skip_") && !prefix.equals("disable_");
                    if (prefix.equals("maximum_")) {
                        return; // MySQL's session maximum: accepted, jgr has no use for it
                    }
                }
            }
            if (base == null) {
                unknown(o, loose);
                return;
            }
            if (value != null) {
                throw new OptionsException("MY-010000", "option '--" + o.name() + "' cannot take an argument");
            }
            name = base;
            value = flag ? "ON" : "OFF";
        }
        set(name, value, o);
    }

    private void set(String name, String value, Option o) throws OptionsException {
        switch (name) {
            case "default_time_zone" -> name = "time_zone";
            case "log_slave_updates" -> name = "log_replica_updates";
            case "log_bin" -> {
                if (value != null && !isBoolWord(value)) {
                    options.put("log_bin_basename", value); // --log-bin=basename turns the binary log on
                    value = "ON";
                }
            }
            default -> {
            }
        }
        VarDef def = vars.definition(name);
        if (def == null) {
            options.put(name, value == null ? "" : value);
            return;
        }
        if (value == null && def.type() != VarType.BOOL && def.type() != VarType.STRING) {
            throw new OptionsException("MY-010000", "option '--" + o.name() + "' requires an argument");
        }
        try {
            vars.applyStartupValue(name, value);
        } catch (IllegalArgumentException e) {
            String text = o.shown().endsWith("<secret>") ? "Error while setting value '<secret>' to '" + name + "'"
                    : e.getMessage();
            throw new OptionsException("MY-000077", text + ".", e.getCause());
        }
    }

    private boolean isKnown(String name) {
        if (vars.definition(name) != null || KNOWN.contains(name) || extraKnown.contains(name)
                || name.equals("default_time_zone")) {
            return true;
        }
        return KNOWN_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static boolean isBoolWord(String v) {
        return Set.of("ON", "OFF", "1", "0", "TRUE", "FALSE").contains(v.toUpperCase(Locale.ROOT));
    }

    private static void unknown(Option o, boolean loose) throws OptionsException {
        String text = o.value() == null ? "unknown option '--" + o.name() + "'." : "unknown variable '" + o.shown() + "'.";
        String code = o.value() == null ? "MY-000068" : "MY-000067";
        if (loose) {
            ErrorLog.write(LogLevel.WARNING, code, "Server", text);
            return;
        }
        throw new OptionsException(code, text);
    }
}
