package io.jgr.server.log;

/** The four priorities of MySQL 8's error log, spelled as MySQL prints them. */
public enum LogLevel {
    SYSTEM("System"),
    ERROR("ERROR"),
    WARNING("Warning"),
    NOTE("Note");

    private final String label;

    LogLevel(String label) {
        this.label = label;
    }

    /** The text between brackets in a log line, e.g. {@code Warning}. */
    public String label() {
        return label;
    }
}
