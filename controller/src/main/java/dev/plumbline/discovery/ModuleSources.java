package dev.plumbline.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code source} of each {@code module} block in a {@code .tf} or {@code .tofu} file. Not an HCL parser: it
 * blanks out comments and heredocs, finds each <code>module "name" {</code> header, follows braces (skipping strings)
 * to the end of the block, and reads the {@code source} attribute written directly in it, so a {@code source} in
 * a nested map or a comment is not taken for the module's.
 */
final class ModuleSources {
    private static final Pattern MODULE =
            Pattern.compile("(?<![\\w.-])module\\s+(?:\"[^\"\\n]*\"|[A-Za-z_][\\w-]*)\\s*\\{");
    private static final Pattern SOURCE = Pattern.compile("(?<![\\w.-])source\\s*=\\s*\"([^\"\\n]*)\"");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*([A-Za-z_][\\w-]*)[ \\t]*\\r?\\n");

    private ModuleSources() { }

    static List<String> in(String hcl) {
        String text = withoutCommentsAndHeredocs(hcl);
        List<String> sources = new ArrayList<>();
        Matcher m = MODULE.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = blockEnd(text, m.end());
            Matcher s = SOURCE.matcher(topLevelOf(text, m.end(), end));
            if (s.find()) {
                sources.add(s.group(1));
            }
            from = Math.max(end, m.end());
        }
        return sources;
    }

    /** Whether a module source names a directory of this checkout rather than a registry or a remote address. */
    static boolean isLocal(String source) {
        return source.startsWith("./") || source.startsWith("../");
    }

    // Index just past the '}' closing the block whose body starts at 'start' (or the end of the text).
    private static int blockEnd(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = stringEnd(text, i);
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    // The block's body with everything nested deeper than its own attributes blanked out.
    private static String topLevelOf(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        int depth = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                int close = stringEnd(text, i);
                String literal = text.substring(i, Math.min(close + 1, text.length()));
                sb.append(depth == 0 ? literal : " ".repeat(literal.length()));
                i = close;
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
                sb.append(depth == 0 && c != '}' ? c : ' ');
            }
        }
        return sb.toString();
    }

    // Index of the '"' closing the string opened at 'open'; escapes are skipped. Strings do not span lines.
    private static int stringEnd(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"' || c == '\n') {
                return i;
            }
        }
        return text.length() - 1;
    }

    // Comments (#, //, /* */) and heredoc bodies become blanks; strings are kept, since a '#' or '//' inside
    // one ("git::https://...") is not a comment.
    static String withoutCommentsAndHeredocs(String hcl) {
        StringBuilder out = new StringBuilder(hcl.length());
        int i = 0;
        while (i < hcl.length()) {
            char c = hcl.charAt(i);
            int next;
            if (c == '"') {
                next = Math.min(stringEnd(hcl, i) + 1, hcl.length());
                out.append(hcl, i, next);
            } else if (c == '#' || (c == '/' && hcl.startsWith("//", i))) {
                next = lineEnd(hcl, i);
                blank(out, hcl, i, next);
            } else if (c == '/' && hcl.startsWith("/*", i)) {
                int close = hcl.indexOf("*/", i + 2);
                next = close < 0 ? hcl.length() : close + 2;
                blank(out, hcl, i, next);
            } else if (c == '<' && hcl.startsWith("<<", i)) {
                next = heredocEnd(hcl, i);
                blank(out, hcl, i, next);
            } else {
                next = i + 1;
                out.append(c);
            }
            i = next;
        }
        return out.toString();
    }

    private static int heredocEnd(String hcl, int at) {
        Matcher m = HEREDOC.matcher(hcl).region(at, hcl.length());
        if (!m.lookingAt()) {
            return at + 2;
        }
        Pattern closing = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(m.group(1)) + "[ \\t]*$");
        Matcher c = closing.matcher(hcl).region(m.end(), hcl.length());
        return c.find() ? c.end() : hcl.length();
    }

    private static int lineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    // Newlines are kept so that line-anchored matching still works on what is left.
    private static void blank(StringBuilder out, String text, int from, int to) {
        for (int i = from; i < to; i++) {
            out.append(text.charAt(i) == '\n' ? '\n' : ' ');
        }
    }
}
