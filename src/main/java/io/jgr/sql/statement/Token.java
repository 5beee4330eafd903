package io.jgr.sql.statement;

import java.util.Locale;

/**
 * One lexical token of a MySQL statement.
 *
 * @param text  the token as written in the source
 * @param value decoded content: a string literal without quotes and escapes, an identifier
 *              without backticks, a word upper-cased (for keyword comparison), otherwise the text
 * @param start offset of the token in the source
 * @param end   offset just after the token
 * @param spaceBefore whether whitespace or a comment separated it from the previous token
 */
public record Token(Type type, String text, String value, int start, int end, boolean spaceBefore) {

    public enum Type {
        /** an unquoted identifier or keyword */
        WORD,
        /** a `backtick` identifier */
        QUOTED_IDENT,
        /** 'single' or "double" quoted string */
        STRING,
        /** x'..' or 0x.. */
        HEX,
        /** b'..' or 0b.. */
        BIT,
        NUMBER,
        /** @name */
        USER_VAR,
        /** @@[global.|session.|local.|persist.]name */
        SYS_VAR,
        /** ? placeholder */
        PARAM,
        SYMBOL
    }

    /** Whether this is the (case-insensitive) keyword {@code upper}, given in upper case. */
    public boolean is(String upper) {
        return type == Type.WORD && value.equals(upper);
    }

    public boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    /** An identifier (word or backtick-quoted). */
    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENT;
    }

    /** The identifier's name: the text of a word (as written), the content of a quoted one. */
    public String name() {
        return type == Type.QUOTED_IDENT ? value : text;
    }

    /** The identifier's name as H2 stores an unquoted one (DATABASE_TO_LOWER). */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
