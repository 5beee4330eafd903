package io.jgr.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a my.cnf-style options file as MySQL's my_default.cc does: {@code [group]} headers,
 * {@code name}, {@code name=value}, {@code #} and {@code ;} comments (a {@code #} outside quotes also
 * ends a value), quotes around a value removed, backslash escapes ({@code \n \t \r \b \s \\ \" \'}),
 * {@code !include file} and {@code !includedir dir} (its {@code *.cnf} files, sorted). Only options of
 * the wanted groups are returned, in file order; name prefixes ({@code loose-}, {@code skip-}) are
 * left for {@link StartupOptions}.
 */
public final class OptionsFile {
    /** The groups a jgr member reads: MySQL's server groups and its own. */
    public static final List<String> SERVER_GROUPS = List.of("mysqld", "server", "mysqld-8.0", "jgr");
    private static final int MAX_INCLUDE_DEPTH = 10;
    private static final java.util.regex.Pattern SECRET_NAME =
            java.util.regex.Pattern.compile("(?i)pa?s+w|pwd|pass|secret");

    /** One option as written; {@code value} is null for a bare name ({@code skip-name-resolve}). */
    public record Option(String name, String value, String source) {
        /**
         * {@code name=value} or {@code name}, as MySQL quotes it in "unknown variable"; the value is
         * hidden when the name looks like a password's, typos included (an unknown option is often one).
         */
        public String shown() {
            if (value == null) {
                return name;
            }
            return name + "=" + (SECRET_NAME.matcher(name).find() ? "<secret>" : value);
        }
    }

    private OptionsFile() {
    }

    /** The options of {@code groups} (case-insensitive) in {@code file} and the files it includes. */
    public static List<Option> read(Path file, Collection<String> groups) throws OptionsException {
        if (!Files.isReadable(file)) {
            throw new OptionsException("MY-010000", "Could not open required defaults file: " + file);
        }
        Set<String> wanted = groups.stream().map(g -> g.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        List<Option> out = new ArrayList<>();
        readInto(file, wanted, out, 0);
        return out;
    }

    private static void readInto(Path file, Set<String> wanted, List<Option> out, int depth) throws OptionsException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new OptionsException("MY-010000", "Too many nested !include directives at " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OptionsException("MY-010000", "Could not open required defaults file: " + file, e);
        }
        String group = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            if (line.charAt(0) == '!') {
                include(file, line, lineNo, wanted, out, depth);
                continue;
            }
            if (line.charAt(0) == '[') {
                String header = removeEndComment(line).strip();
                if (!header.endsWith("]") || header.length() < 3) {
                    throw new OptionsException("MY-010000",
                            "Wrong group definition in config file " + file + " at line " + lineNo);
                }
                group = header.substring(1, header.length() - 1).strip().toLowerCase(Locale.ROOT);
                continue;
            }
            if (group == null) {
                throw new OptionsException("MY-010000",
                        "Found option without preceding group in config file " + file + " at line " + lineNo);
            }
            if (!wanted.contains(group)) {
                continue;
            }
            out.add(parseOption(removeEndComment(line), file + ":" + lineNo));
        }
    }

    private static void include(Path file, String line, int lineNo, Set<String> wanted, List<Option> out, int depth)
            throws OptionsException {
        String directive = removeEndComment(line).strip();
        String[] parts = directive.split("\\s+", 2);
        if (parts.length < 2) {
            throw new OptionsException("MY-010000",
                    "Wrong '!' directive in config file " + file + " at line " + lineNo);
        }
        Path target = file.resolveSibling(parts[1].strip());
        switch (parts[0]) {
            case "!include" -> readInto(target, wanted, out, depth + 1);
            case "!includedir" -> {
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(target, "*.cnf")) {
                    dir.forEach(files::add);
                } catch (IOException e) {
                    return; // MySQL skips a directory it cannot read
                }
                files.sort(null);
                for (Path f : files) {
                    readInto(f, wanted, out, depth + 1);
                }
            }
            default -> throw new OptionsException("MY-010000",
                    "Wrong '!' directive in config file " + file + " at line " + lineNo);
        }
    }

    /** {@code name}, {@code name = value}, {@code name = "quoted value"}. */
    static Option parseOption(String line, String source) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            return new Option(line.strip(), null, source);
        }
        String name = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.length() > 1 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        return new Option(name, unescape(value), source);
    }

    /** MySQL's escapes in option values; an unknown escape keeps the backslash. */
    static String unescape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i == value.length() - 1) {
                sb.append(c);
                continue;
            }
            char e = value.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 's' -> sb.append(' ');
                case '"' -> sb.append('"');
                case '\'' -> sb.append('\'');
                case '\\' -> sb.append('\\');
                default -> sb.append('\\').append(e);
            }
        }
        return sb.toString();
    }

    /** Cuts a {@code #} comment that is not inside quotes (my_default.cc's remove_end_comment). */
    static String removeEndComment(String line) {
        char quote = 0;
        boolean escape = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == '\'' || c == '"') && !escape) {
                if (quote == 0) {
                    quote = c;
                } else if (quote == c) {
                    quote = 0;
                }
            }
            if (quote == 0 && c == '#') {
                return line.substring(0, i);
            }
            escape = quote != 0 && c == '\\' && !escape;
        }
        return line;
    }
}
