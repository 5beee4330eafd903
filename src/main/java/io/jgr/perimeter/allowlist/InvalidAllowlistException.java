package io.jgr.perimeter.allowlist;

/**
 * A list value that cannot be used. The only exception the parser throws for any input text;
 * {@link #logText()} is the GCS error-log text MySQL writes for it.
 */
public final class InvalidAllowlistException extends Exception {
    /** What is wrong with the value. */
    public enum Kind {
        /** "AUTOMATIC" together with anything else: SQL error 3092 with the variable name. */
        AUTOMATIC_MIXED,
        /** An IP attempt that does not parse, or a mask that is not a number within the family's maximum. */
        INVALID_ENTRY
    }

    private final Kind kind;
    private final String entry;

    InvalidAllowlistException(Kind kind, String entry) {
        super(kind == Kind.AUTOMATIC_MIXED ? "AUTOMATIC mixed with other values" : AllowlistMessages.invalidEntry(entry));
        this.kind = kind;
        this.entry = entry;
    }

    public Kind kind() {
        return kind;
    }

    /** The offending entry as written (spaces removed); the whole value for {@link Kind#AUTOMATIC_MIXED}. */
    public String entry() {
        return entry;
    }

    /** The text after {@code [GCS] } in the error log, or null when MySQL logs nothing (AUTOMATIC mixed). */
    public String logText() {
        return kind == Kind.INVALID_ENTRY ? AllowlistMessages.invalidEntry(entry) : null;
    }
}
