package dev.plumbline.util;

/**
 * How user input is repeated in an error message: quoted, cut to a bounded length, with control characters written
 * as escapes. An error names what it refuses, but a megabyte repo name, a NUL or an escape sequence that rewrites
 * the terminal must not travel into logs and terminals whole.
 */
public final class Echo {
    /** The most characters of an input repeated in a message. */
    public static final int MAX = 80;

    private Echo() { }

    /** {@code 'value'}, cut and escaped; {@code null} reads as {@code null}. */
    public static String quote(String value) {
        return value == null ? "null" : "'" + text(value) + "'";
    }

    /** The value cut to {@link #MAX} characters (saying how long it was) and escaped, without quotes. */
    public static String text(String value) {
        return text(value, MAX);
    }

    /** As {@link #text(String)}, cut at {@code max} characters: for a tool's message that may quote input. */
    public static String text(String value, int max) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int n = Math.min(value.length(), max);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                sb.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > max) {
            sb.append("...(").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
