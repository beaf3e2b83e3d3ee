package dev.plumbline.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A glob over repository paths ({@code legacy/**}, {@code *-old}, <code>{a,b}/x</code>, {@code [!.]*}), matched in
 * time linear in the path for a given glob. The JDK's glob matcher compiles to a backtracking regular expression,
 * and a pushed {@code exclude: ["*a*a*a*a*a*a*b"]} against a long directory name then takes minutes; this matcher
 * runs the glob as a set of positions (a non-deterministic automaton) instead, so no input can make it backtrack.
 *
 * <p>Syntax, as in {@link java.nio.file.FileSystem#getPathMatcher}: {@code *} any characters but '/', {@code **}
 * any characters, {@code ?} one character but '/', {@code [abc]}, {@code [a-z]}, {@code [!a]} one character of (or
 * not of) a set, <code>{x,y}</code> one of the alternatives (not nested), {@code \} escapes the next character.
 */
final class Glob {
    static final int MAX_LENGTH = 500;
    private static final int MAX_ALTERNATIVES = 64;

    private sealed interface Step permits Literal, One, Set, Star { }

    private record Literal(char c) implements Step { }

    /** {@code ?}: one character other than '/'. */
    private record One() implements Step { }

    private record Set(List<char[]> ranges, boolean negated) implements Step {
        boolean has(char c) {
            boolean in = false;
            for (char[] r : ranges) {
                if (c >= r[0] && c <= r[1]) {
                    in = true;
                    break;
                }
            }
            return in != negated && c != '/';
        }
    }

    /** {@code *} (within one directory name) or {@code **} (across them). */
    private record Star(boolean crossesDirectories) implements Step { }

    private final List<List<Step>> alternatives;

    private Glob(List<List<Step>> alternatives) {
        this.alternatives = alternatives;
    }

    /** @throws IllegalArgumentException saying what is wrong with the glob */
    static Glob of(String glob) {
        if (glob.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        List<List<Step>> out = new ArrayList<>();
        for (String alternative : expandBraces(glob)) {
            out.add(steps(alternative));
        }
        return new Glob(out);
    }

    boolean matches(String path) {
        for (List<Step> steps : alternatives) {
            if (matches(steps, path)) {
                return true;
            }
        }
        return false;
    }

    // live[i]: the glob's first i steps can match what was read so far. A star may match nothing, so reaching a
    // star also reaches the step after it.
    private static boolean matches(List<Step> steps, String path) {
        int n = steps.size();
        boolean[] live = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        live[0] = true;
        close(steps, live);
        for (int at = 0; at < path.length(); at++) {
            char c = path.charAt(at);
            Arrays.fill(next, false);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!live[i]) {
                    continue;
                }
                Step s = steps.get(i);
                if (s instanceof Star star) {
                    if (star.crossesDirectories() || c != '/') {
                        next[i] = true;
                        any = true;
                    }
                } else if (s instanceof Literal l ? l.c() == c
                        : s instanceof One ? c != '/' : ((Set) s).has(c)) {
                    next[i + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            boolean[] t = live;
            live = next;
            next = t;
            close(steps, live);
        }
        return live[n];
    }

    private static void close(List<Step> steps, boolean[] live) {
        for (int i = 0; i < steps.size(); i++) {
            if (live[i] && steps.get(i) instanceof Star) {
                live[i + 1] = true;
            }
        }
    }

    private static List<Step> steps(String glob) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= glob.length()) {
                        throw new IllegalArgumentException("ends with '\\', which escapes nothing");
                    }
                    steps.add(new Literal(glob.charAt(++i)));
                }
                case '*' -> {
                    boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                    if (twice) {
                        i++;
                        while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                            i++;
                        }
                    }
                    // Consecutive stars add nothing but automaton states.
                    if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Star last) {
                        steps.set(steps.size() - 1, new Star(last.crossesDirectories() || twice));
                    } else {
                        steps.add(new Star(twice));
                    }
                }
                case '?' -> steps.add(new One());
                case '[' -> i = set(glob, i, steps);
                case ']' -> throw new IllegalArgumentException("has a ']' without its '['");
                case '{', '}' -> throw new IllegalArgumentException("nests '{' groups, which globs do not support");
                default -> steps.add(new Literal(c));
            }
        }
        return steps;
    }

    private static int set(String glob, int open, List<Step> steps) {
        int i = open + 1;
        boolean negated = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negated) {
            i++;
        }
        List<char[]> ranges = new ArrayList<>();
        boolean first = true;
        while (i < glob.length() && (glob.charAt(i) != ']' || first)) {
            char lo = glob.charAt(i);
            if (lo == '\\' && i + 1 < glob.length()) {
                lo = glob.charAt(++i);
            }
            char hi = lo;
            if (i + 2 < glob.length() && glob.charAt(i + 1) == '-' && glob.charAt(i + 2) != ']') {
                hi = glob.charAt(i + 2);
                i += 2;
                if (hi < lo) {
                    throw new IllegalArgumentException("has a range [" + lo + "-" + hi + "] whose end comes first");
                }
            }
            ranges.add(new char[] {lo, hi});
            first = false;
            i++;
        }
        if (i >= glob.length()) {
            throw new IllegalArgumentException("has a '[' without its ']'");
        }
        steps.add(new Set(List.copyOf(ranges), negated));
        return i;
    }

    // {a,b}x{c,d} -> axc, axd, bxc, bxd; bounded, since each alternative is matched on its own.
    private static List<String> expandBraces(String glob) {
        List<String> out = new ArrayList<>();
        out.add("");
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                append(out, glob.substring(i, i + 2));
                i += 2;
            } else if (c == '[') {
                int close = setEnd(glob, i);
                append(out, glob.substring(i, close));
                i = close;
            } else if (c == '{') {
                int close = glob.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("has a '{' without its '}'");
                }
                String group = glob.substring(i + 1, close);
                if (group.indexOf('{') >= 0) {
                    throw new IllegalArgumentException("nests '{' groups, which globs do not support");
                }
                List<String> options = List.of(group.split(",", -1));
                List<String> grown = new ArrayList<>();
                for (String prefix : out) {
                    for (String option : options) {
                        grown.add(prefix + option);
                    }
                }
                if (grown.size() > MAX_ALTERNATIVES) {
                    throw new IllegalArgumentException("has more than " + MAX_ALTERNATIVES + " alternatives in its "
                            + "'{...}' groups");
                }
                out = grown;
                i = close + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("has a '}' without its '{'");
            } else {
                append(out, String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    // The index just past the ']' of the set opened at 'open' (a ']' right after '[' or '[!' is a member).
    private static int setEnd(String glob, int open) {
        int i = open + 1;
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            i++;
        }
        if (i < glob.length() && glob.charAt(i) == ']') {
            i++;
        }
        while (i < glob.length() && glob.charAt(i) != ']') {
            i += glob.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, glob.length());
    }

    private static void append(List<String> prefixes, String s) {
        prefixes.replaceAll(p -> p + s);
    }
}
