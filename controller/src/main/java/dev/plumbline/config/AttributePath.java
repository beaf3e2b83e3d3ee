package dev.plumbline.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A path into a resource's attributes, as drift findings name them and ignore rules select them: {@code tags},
 * {@code tags.LastScanned}, {@code ingress[0].port}, {@code tags["kubernetes.io/name"]}; a rule may put {@code *} or
 * {@code [*]} where any one key or index goes ({@code ingress[*].description}). A rule's path selects the attribute
 * it names and everything inside it.
 */
public final class AttributePath {
    static final int MAX_LENGTH = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANY = "\u0000*";

    /** Keys as written (unquoted), indexes as digits, {@link #ANY} for a wildcard. */
    private final List<String> steps;
    private final String text;

    private AttributePath(List<String> steps, String text) {
        this.steps = List.copyOf(steps);
        this.text = text;
    }

    /** @throws IllegalArgumentException saying what is wrong and where, without repeating the whole path */
    public static AttributePath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        List<String> steps = new ArrayList<>();
        int i = 0;
        boolean expectName = true;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                i = bracket(path, i, steps);
            } else if (expectName || c == '.') {
                int start = c == '.' ? i + 1 : i;
                if (c == '.' && steps.isEmpty()) {
                    throw new IllegalArgumentException("starts with '.'");
                }
                int end = start;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String name = path.substring(start, end);
                if (name.equals("*")) {
                    steps.add(ANY);
                } else if (NAME.matcher(name).matches()) {
                    steps.add(name);
                } else {
                    throw new IllegalArgumentException("has " + (name.isEmpty() ? "an empty name" : "the name '"
                            + name + "'") + " at character " + (start + 1) + "; a name is letters, digits, '_' and '-'"
                            + " (quote other keys: [\"key\"]), or * for any");
                }
                i = end;
            } else {
                throw new IllegalArgumentException("has '" + c + "' at character " + (i + 1)
                        + " where '.' or '[' belongs");
            }
            expectName = false;
        }
        return new AttributePath(steps, path);
    }

    /** {@code [0]}, {@code [*]} or {@code ["key"]} starting at {@code open}; returns the index after it. */
    private static int bracket(String path, int open, List<String> steps) {
        int close = closing(path, open);
        String inside = path.substring(open + 1, close);
        if (inside.equals("*")) {
            steps.add(ANY);
        } else if (inside.matches("[0-9]{1,9}")) {
            steps.add(Integer.toString(Integer.parseInt(inside)));
        } else if (inside.startsWith("\"")) {
            try {
                steps.add(JSON.readValue(inside, String.class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("has a key at character " + (open + 1)
                        + " that is not a JSON string", e);
            }
        } else {
            throw new IllegalArgumentException("has [" + inside + "] at character " + (open + 1)
                    + "; write an index [0], a quoted key [\"key\"] or [*]");
        }
        return close + 1;
    }

    private static int closing(String path, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i;
            }
        }
        throw new IllegalArgumentException("has a '[' at character " + (open + 1) + " that is never closed");
    }

    /**
     * Whether {@code finding} (a concrete path, never a wildcard) is this path or lies inside it; a path that does
     * not parse lies inside nothing.
     */
    public boolean covers(String finding) {
        AttributePath other;
        try {
            other = parse(finding);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (other.steps.size() < steps.size()) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).equals(ANY) && !steps.get(i).equals(other.steps.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
