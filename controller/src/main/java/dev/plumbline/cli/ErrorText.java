package dev.plumbline.cli;

import dev.plumbline.util.Echo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last guard on what an error prints: one line, no Java class names, no raw control characters, bounded.
 * Messages are meant to be written that way where they are made (naming input through
 * {@link Echo}); this keeps a message from a library, or one that slipped, from writing a
 * stack-trace-like class name, an escape sequence or a megabyte onto the terminal.
 */
final class ErrorText {
    /** The most characters of one error line. */
    static final int MAX = 600;

    // "java.io.IOException: " or a bare "CharConversionException: ": the user learns nothing from the type
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*"
                    + "|\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");

    // input repeated whole (a path, a name): cut like Echo does, so the reason after it still shows
    private static final Pattern LONG_WORD = Pattern.compile("[^\\s:;,'\"]{" + (Echo.MAX + 40) + ",}");

    private ErrorText() {
    }

    /** The first line of {@code message}, cleaned; null or blank for a message with nothing to say. */
    static String line(String message) {
        if (message == null) {
            return null;
        }
        String first = message.strip();
        int nl = first.indexOf('\n');
        if (nl >= 0) {
            first = first.substring(0, nl).strip();
        }
        // H2 appends the statement on the next line after this; the statement is no business of the user's
        if (first.endsWith("; SQL statement:")) {
            first = first.substring(0, first.length() - "; SQL statement:".length());
        }
        String cleaned = CLASS_NAME.matcher(first).replaceAll("");
        // Echo escapes control characters and cuts, saying how long the line was.
        return Echo.text(LONG_WORD.matcher(cleaned).replaceAll(m -> Matcher.quoteReplacement(Echo.text(m.group()))),
                MAX);
    }
}
