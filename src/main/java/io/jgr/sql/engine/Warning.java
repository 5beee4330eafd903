package io.jgr.sql.engine;

/** One row of SHOW WARNINGS. {@code level} is "Note", "Warning" or "Error". */
public record Warning(String level, int code, String message) {
}
