package io.jgr.server.config;

/** UUID text as MySQL's binary_log::Uuid::is_valid accepts it: 8-4-4-4-12 hex digits, or 32 hex digits. */
public final class Uuids {
    private Uuids() {
    }

    public static boolean isValid(String text) {
        if (text.length() == 36) {
            for (int i = 0; i < 36; i++) {
                char c = text.charAt(i);
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        if (text.length() == 32) {
            return text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return false;
    }
}
