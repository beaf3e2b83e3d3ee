package dev.plumbline.console;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a plan as the run page colours it: {@code kind} is add, remove, change, replace or same, read from the
 * marker tofu puts before what a line changes. The text is the stored plan's, which the store keeps masked.
 */
public record DiffLine(String kind, String text) {
    static List<DiffLine> of(String planText) {
        List<DiffLine> out = new ArrayList<>();
        if (planText == null) {
            return out;
        }
        for (String line : planText.split("\n", -1)) {
            out.add(new DiffLine(kind(line.stripLeading()), line));
        }
        return out;
    }

    private static String kind(String s) {
        if (s.startsWith("-/+") || s.startsWith("+/-")) {
            return "replace";
        }
        if (s.startsWith("+")) {
            return "add";
        }
        if (s.startsWith("-")) {
            return "remove";
        }
        if (s.startsWith("~")) {
            return "change";
        }
        return "same";
    }
}
