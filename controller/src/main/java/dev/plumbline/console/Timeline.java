package dev.plumbline.console;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.store.DriftChecks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A workspace's drift over the last {@code days} days as an SVG bar chart drawn on the server (no script, no
 * library): one bar per day, as tall as the most resources found drifted by a check that day, coloured by the worst
 * status of the day's checks. A day without checks has no bar.
 */
public record Timeline(int days, List<Bar> bars, int maxDrifted) {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 120;

    /** One day's bar; {@code status} is drifted, errored or in_sync, {@code label} the tooltip. */
    public record Bar(int x, int y, int width, int height, String status, String label) { }

    static Timeline of(int days, List<DriftChecks.Check> checks, Instant now) {
        LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = last.minusDays(days - 1L);
        Map<LocalDate, int[]> perDay = new TreeMap<>();
        for (DriftChecks.Check r : checks) {
            Instant at = r.finishedAt();
            if (at == null) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            if (day.isBefore(first)) {
                continue;
            }
            int[] d = perDay.computeIfAbsent(day, k -> new int[3]);
            boolean failed = !RunStatus.SUCCEEDED.wire().equals(r.status())
                    || Classification.ERRORED.wire().equals(r.classification());
            int n = Classification.DRIFTED.wire().equals(r.classification()) ? r.driftedResources() : 0;
            d[0] = Math.max(d[0], n);
            d[1] += failed ? 1 : 0;
            d[2] += 1;
        }
        int max = perDay.values().stream().mapToInt(d -> d[0]).max().orElse(0);
        int slot = WIDTH / days;
        List<Bar> bars = new ArrayList<>();
        perDay.forEach((day, d) -> {
            int x = (int) (day.toEpochDay() - first.toEpochDay()) * slot;
            int h = d[0] == 0 ? 4 : Math.max(6, (HEIGHT - 10) * d[0] / Math.max(1, max));
            String status = d[0] > 0 ? "drifted" : d[1] > 0 ? "errored" : "in_sync";
            bars.add(new Bar(x, HEIGHT - h, Math.max(1, slot - 1), h, status, day + ": " + d[2] + " check(s), "
                    + d[0] + " resource(s) drifted at most" + (d[1] > 0 ? ", " + d[1] + " failed" : "")));
        });
        return new Timeline(days, bars, max);
    }
}
