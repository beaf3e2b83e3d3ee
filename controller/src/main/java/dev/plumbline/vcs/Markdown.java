package dev.plumbline.vcs;

import java.util.List;

/** Putting arbitrary text into Markdown (as GitHub and GitLab render it) without it changing the markup around it. */
final class Markdown {
    private Markdown() {
    }

    /** A fenced code block; the fence is longer than any run of backticks inside, so the text cannot close it. */
    static String fenced(String text) {
        String fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
        String body = text.endsWith("\n") ? text : text + "\n";
        return fence + "\n" + body + fence + "\n";
    }

    /** Inline code, same idea: delimited by more backticks than it holds. */
    static String code(String text) {
        String ticks = "`".repeat(longestBacktickRun(text) + 1);
        boolean pad = text.startsWith("`") || text.endsWith("`");
        return pad ? ticks + " " + text + " " + ticks : ticks + text + ticks;
    }

    /** Text inside HTML ({@code <summary>}), where Markdown is not interpreted. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}, each as inline code. */
    static String names(List<String> names) {
        List<String> coded = names.stream().map(Markdown::code).toList();
        if (coded.size() <= 1) {
            return String.join("", coded);
        }
        return String.join(", ", coded.subList(0, coded.size() - 1)) + " and " + coded.get(coded.size() - 1);
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
