package io.jgr.server.config;

import io.jgr.server.config.OptionsFile.Option;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --name=value} and {@code --name} arguments of {@code jgr server}, plus the options that
 * choose the options files: {@code --defaults-file}, {@code --defaults-extra-file}, {@code --no-defaults}.
 */
public record CommandLineOptions(Path defaultsFile, Path defaultsExtraFile, boolean noDefaults, List<Option> options) {

    public static CommandLineOptions parse(String... args) throws OptionsException {
        Path defaultsFile = null;
        Path extraFile = null;
        boolean noDefaults = false;
        List<Option> options = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new OptionsException("MY-010000", "Too many arguments (first extra is '" + arg + "').");
            }
            Option o = OptionsFile.parseOption(arg.substring(2), "command line");
            switch (VarDef.normalize(o.name())) {
                case "defaults_file" -> defaultsFile = Path.of(required(o));
                case "defaults_extra_file" -> extraFile = Path.of(required(o));
                case "no_defaults" -> noDefaults = true;
                default -> options.add(o);
            }
        }
        return new CommandLineOptions(defaultsFile, extraFile, noDefaults, List.copyOf(options));
    }

    private static String required(Option o) throws OptionsException {
        if (o.value() == null || o.value().isEmpty()) {
            throw new OptionsException("MY-010000", "option '--" + o.name() + "' requires an argument");
        }
        return o.value();
    }
}
