package io.jgr.server.config;

/** A start-up configuration error, with MySQL's wording; the server logs it, then "Aborting", and exits. */
public final class OptionsException extends Exception {
    private final String code;

    public OptionsException(String code, String message) {
        super(message);
        this.code = code;
    }

    public OptionsException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The error-log code, e.g. {@code MY-000067} for an unknown variable. */
    public String code() {
        return code;
    }
}
