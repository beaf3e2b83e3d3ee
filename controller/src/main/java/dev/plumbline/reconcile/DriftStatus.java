package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftAck;
import dev.plumbline.store.DriftAcks;
import dev.plumbline.store.DriftSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every workspace's drift as the store holds it, without running a check: per workspace, what is drifted since
 * when, each attribute flagged when it is flapping or acknowledged; and the fleet's causes, the same attribute of
 * the same resource type drifted in several workspaces (a provider upgrade, one hand-made change repeated).
 */
public final class DriftStatus {
    private static final Pattern KEYS = Pattern.compile("\\[[^\\]]*\\]");

    private DriftStatus() {
    }

    public record Item(DriftSpan span, boolean flapping, DriftAck acknowledgedBy) { }

    public record WorkspaceDrift(WorkspaceId workspace, Instant driftedSince, List<Item> items) { }

    /** One attribute of one resource type drifted in {@code workspaces} (two or more). */
    public record Cause(String resourceType, String attributePath, List<WorkspaceId> workspaces) { }

    public record Status(List<WorkspaceDrift> workspaces, List<Cause> causes) { }

    public static Status read(Database db, Optional<WorkspaceId> only, Instant now) {
        Map<WorkspaceId, List<Item>> by = new LinkedHashMap<>();
        Map<WorkspaceId, List<DriftAck>> acks = new LinkedHashMap<>();
        for (DriftAck a : db.driftAcks().active(only, now)) {
            acks.computeIfAbsent(a.workspace(), w -> new ArrayList<>()).add(a);
        }
        Map<WorkspaceId, Set<String>> covered = new LinkedHashMap<>();
        for (DriftSpan s : db.driftHistory().open(only)) {
            boolean flapping = db.driftHistory().recentResolutions(s, now, DriftReport.FLAP_WINDOW)
                    >= DriftReport.FLAP_RESOLUTIONS;
            Set<String> keys = covered.computeIfAbsent(s.workspace(),
                    w -> acks.containsKey(w) ? db.driftAcks().covered(w, now) : Set.of());
            DriftAck ack = keys.contains(DriftAcks.key(s.address(), s.attributePath(), s.action().wire()))
                    ? acks.get(s.workspace()).stream()
                            .filter(a -> a.address() == null || a.address().equals(s.address()))
                            .reduce((first, later) -> later).orElse(null)
                    : null;
            by.computeIfAbsent(s.workspace(), w -> new ArrayList<>()).add(new Item(s, flapping, ack));
        }
        List<WorkspaceDrift> out = new ArrayList<>();
        by.forEach((w, items) -> out.add(new WorkspaceDrift(w, items.stream().map(i -> i.span().firstSeenAt())
                .min(Instant::compareTo).orElse(now), items)));
        return new Status(out, causes(out));
    }

    /** The attributes of one resource type drifted in two or more workspaces, the most widespread first. */
    static List<Cause> causes(List<WorkspaceDrift> workspaces) {
        Map<String, TreeSet<WorkspaceId>> seen = new LinkedHashMap<>();
        for (WorkspaceDrift w : workspaces) {
            for (Item i : w.items()) {
                String key = resourceType(i.span().address()) + '\u0000' + i.span().attributePath();
                seen.computeIfAbsent(key, k -> new TreeSet<>((a, b) -> a.toString().compareTo(b.toString())))
                        .add(w.workspace());
            }
        }
        List<Cause> out = new ArrayList<>();
        seen.forEach((key, ws) -> {
            if (ws.size() > 1) {
                String[] parts = key.split("\u0000", -1);
                out.add(new Cause(parts[0], parts[1], List.copyOf(ws)));
            }
        });
        out.sort((a, b) -> Integer.compare(b.workspaces().size(), a.workspaces().size()));
        return out;
    }

    /** {@code module.a["x"].aws_s3_bucket.logs[0]} -> {@code aws_s3_bucket}; data sources keep their {@code data.}. */
    static String resourceType(String address) {
        String[] parts = KEYS.matcher(address).replaceAll("").split("\\.");
        int i = 0;
        while (i + 1 < parts.length && parts[i].equals("module")) {
            i += 2;
        }
        if (i < parts.length && parts[i].equals("data") && i + 1 < parts.length) {
            return "data." + parts[i + 1];
        }
        return i < parts.length ? parts[i] : address;
    }
}
