package dev.plumbline.reconcile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns tofu's "Error acquiring the state lock" output into a message that says who holds the lock, since when,
 * and how to release it if nobody does any more (a run killed without SIGINT leaves such a lock behind).
 */
final class StateLock {
    private static final Pattern FIELD = Pattern.compile("^\\s*(ID|Path|Operation|Who|Created):\\s*(.*)$");

    private StateLock() { }

    static Optional<String> describe(List<String> output) {
        if (output.stream().noneMatch(l -> l.contains("Error acquiring the state lock"))) {
            return Optional.empty();
        }
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : output) {
            Matcher m = FIELD.matcher(line);
            if (m.matches() && !m.group(2).isBlank()) {
                info.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        StringBuilder b = new StringBuilder("the state is locked");
        if (!info.isEmpty()) {
            b.append(" (");
            if (info.containsKey("ID")) {
                b.append("lock ").append(info.get("ID"));
            }
            if (info.containsKey("Who")) {
                b.append(", held by ").append(info.get("Who"));
            }
            if (info.containsKey("Operation")) {
                b.append(" for ").append(info.get("Operation"));
            }
            if (info.containsKey("Created")) {
                b.append(" since ").append(info.get("Created"));
            }
            if (info.containsKey("Path")) {
                b.append(", state ").append(info.get("Path"));
            }
            b.append(')');
        }
        b.append("; another run may still be working. If none is, release it with: tofu force-unlock ")
                .append(info.getOrDefault("ID", "<lock id>"));
        return Optional.of(b.toString());
    }
}
