package io.jgr.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code mysqld-auto.cnf} in the datadir: what SET PERSIST and PERSIST_ONLY stored, in MySQL 8.0's
 * JSON format (Version 2: static variables, applied at start like options, and dynamic ones). Read
 * at start after the options file and the command line, so persisted values win, as in MySQL.
 * Written whole to a temporary file and moved into place, so a crash leaves the old or the new file.
 */
public final class PersistedVariables implements PersistStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** MySQL's spacing, so the file reads like the one mysqld writes: { "Version" : 2 , ... }. */
    private static final DefaultPrettyPrinter MYSQL_STYLE = new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.BOTH)
                    .withObjectEntrySpacing(Separators.Spacing.BEFORE))
            .withObjectIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
    public static final String FILE_NAME = "mysqld-auto.cnf";
    /** MySQL's words when the file cannot be read (MY-010936). */
    public static final String CORRUPTED = "Persisted config file is corrupted. Please ensure mysqld-auto.cnf file is valid JSON.";

    private static final String STATIC = "mysql_static_variables";
    private static final String DYNAMIC = "mysql_dynamic_variables";

    /** One stored variable; {@code value} is the text SHOW VARIABLES would print (null for SQL NULL). */
    public record Entry(String name, String value, boolean isStatic, long timestampMicros, String user, String host) {
    }

    private final Path file;
    private final SortedMap<String, Entry> entries = new TreeMap<>();

    private PersistedVariables(Path file) {
        this.file = file;
    }

    /** Opens the store of {@code datadir}, reading the file if there is one. */
    public static PersistedVariables open(Path datadir) throws IOException {
        PersistedVariables store = new PersistedVariables(datadir.resolve(FILE_NAME));
        if (Files.exists(store.file)) {
            store.read(Files.readString(store.file, StandardCharsets.UTF_8));
        }
        return store;
    }

    public Path file() {
        return file;
    }

    /** The stored variables by name. */
    public synchronized Map<String, Entry> entries() {
        return Map.copyOf(entries);
    }

    @Override
    public synchronized void put(VarDef def, Object value, String user, String host) throws IOException {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        boolean isStatic = !def.dynamic() || def.persistAsReadOnly();
        String text = value == null ? null : VarValues.forShow(value);
        Entry previous = entries.put(def.name(), new Entry(def.name(), text, isStatic, micros, user, host));
        try {
            write();
        } catch (IOException e) {
            if (previous == null) {
                entries.remove(def.name());
            } else {
                entries.put(def.name(), previous);
            }
            throw e;
        }
    }

    @Override
    public synchronized boolean remove(String name) throws IOException {
        Entry removed = entries.remove(VarDef.normalize(name));
        if (removed != null) {
            write();
        }
        return removed != null;
    }

    /** RESET PERSIST without a name. */
    public synchronized void clear() throws IOException {
        entries.clear();
        write();
    }

    @SuppressWarnings("unchecked")
    private void read(String json) throws IOException {
        try {
            Map<String, Object> root = JSON.readValue(json, Map.class);
            Object version = root.get("Version");
            if (version instanceof Number n && n.longValue() == 1) {
                Map<String, Object> server = (Map<String, Object>) root.getOrDefault("mysql_server", Map.of());
                for (Map.Entry<String, Object> e : server.entrySet()) {
                    if (e.getKey().equals("mysql_server_static_options")) {
                        readSection((Map<String, Object>) e.getValue(), true);
                    } else {
                        readSection(Map.of(e.getKey(), e.getValue()), false);
                    }
                }
                return;
            }
            for (Map.Entry<String, Object> section : root.entrySet()) {
                if (section.getValue() instanceof Map<?, ?> vars) {
                    readSection((Map<String, Object>) vars, section.getKey().equals(STATIC));
                }
            }
        } catch (RuntimeException | JsonProcessingException e) {
            throw new IOException(CORRUPTED, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void readSection(Map<String, Object> vars, boolean isStatic) {
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            Map<String, Object> body = (Map<String, Object>) e.getValue();
            Map<String, Object> meta = (Map<String, Object>) body.getOrDefault("Metadata", Map.of());
            Object value = body.get("Value");
            String name = VarDef.normalize(e.getKey());
            entries.put(name, new Entry(name, value == null ? null : value.toString(), isStatic,
                    meta.get("Timestamp") instanceof Number n ? n.longValue() : 0L,
                    String.valueOf(meta.getOrDefault("User", "")), String.valueOf(meta.getOrDefault("Host", ""))));
        }
    }

    private void write() throws IOException {
        Map<String, Object> statics = new LinkedHashMap<>();
        Map<String, Object> dynamics = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("Timestamp", e.timestampMicros());
            meta.put("User", e.user());
            meta.put("Host", e.host());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Value", e.value());
            body.put("Metadata", meta);
            (e.isStatic() ? statics : dynamics).put(e.name(), body);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Version", 2L);
        if (!statics.isEmpty()) {
            root.put(STATIC, statics);
        }
        if (!dynamics.isEmpty()) {
            root.put(DYNAMIC, dynamics);
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, JSON.writer(MYSQL_STYLE).writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Names in the order start-up applies them: static first, as MySQL. */
    public synchronized List<Entry> inApplyOrder() {
        return entries.values().stream()
                .sorted((a, b) -> Boolean.compare(b.isStatic(), a.isStatic()))
                .toList();
    }
}
