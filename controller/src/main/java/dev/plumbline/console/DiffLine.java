package dev.plumbline.console;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a stored plan as the run page colours it: {@code kind} is add, remove, change, replace or same. The
 * stored text names each resource on a {@code # address will be created} line (or {@code has been deleted} for
 * drift), followed by its changed attributes, indented, which take the colour of their resource. The text is the
 * stored plan's, which the store keeps masked.
 */
public record DiffLine(String kind, String text) {
    private static final String[][] PHRASES = {
        {"will be created", "add"}, {"has been created", "add"},
        {"will be destroyed", "remove"}, {"has been deleted", "remove"}, {"will be removed from the state", "remove"},
        {"has been removed from the state", "remove"},
        {"will be updated in-place", "change"}, {"has changed", "change"},
        {"must be replaced", "replace"}, {"has been replaced", "replace"},
    };

    static List<DiffLine> of(String planText) {
        List<DiffLine> out = new ArrayList<>();
        if (planText == null) {
            return out;
        }
        String current = "same";
        for (String line : planText.split("\n", -1)) {
            String s = line.stripLeading();
            if (s.startsWith("# ")) {
                current = kind(s);
                out.add(new DiffLine(current, line));
            } else if (line.startsWith("    ") && !s.isEmpty()) {
                out.add(new DiffLine(current, line));
            } else {
                current = "same";
                out.add(new DiffLine("same", line));
            }
        }
        return out;
    }

    private static String kind(String header) {
        // The phrase follows the address, which may itself hold any text: the last phrase on the line wins.
        int best = -1;
        String kind = "same";
        for (String[] p : PHRASES) {
            int at = header.lastIndexOf(p[0]);
            if (at > best) {
                best = at;
                kind = p[1];
            }
        }
        return kind;
    }
}
