package dev.plumbline.metrics;

import dev.plumbline.domain.RunKind;
import dev.plumbline.fleet.Condition;
import dev.plumbline.store.Database;
import dev.plumbline.store.WorkKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Prometheus metrics. What happened to runs, the queue, the workspaces and the notifications is read
 * from the store when scraped (at most every {@link #FRESH_FOR}), so it covers every daemon sharing the store and
 * survives restarts; HTTP requests and webhook deliveries are counted by this process as it answers them.
 */
public final class Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database db;
    private final Clock clock;
    private final MultiGauge runs;
    private final MultiGauge sinceSuccess;
    private final MultiGauge notifications;
    private final RunTally tally = new RunTally();
    private volatile StoreFigures figures;
    private volatile long readAt = Long.MIN_VALUE;

    public Metrics(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.figures = new StoreFigures(Map.of(), Map.of(), Map.of(), 0, Map.of(), 0, Map.of(), Map.of(), Map.of());
        runs = MultiGauge.builder("plumbline.runs").description("Runs in the store, by kind and status")
                .register(registry);
        sinceSuccess = MultiGauge.builder("plumbline.workspace.last.success.age").baseUnit("seconds")
                .description("Seconds since the workspace's last completed drift check").register(registry);
        notifications = MultiGauge.builder("plumbline.notifications")
                .description("Drift notifications by channel and result (delivered, pending, given_up)")
                .register(registry);
        for (RunKind kind : RunKind.values()) {
            FunctionCounter.builder("plumbline.run.duration.seconds", this, m -> m.figures.runSeconds()
                    .getOrDefault(kind.wire(), 0.0)).tag("kind", kind.wire())
                    .description("Total seconds of finished runs, start to end (divide by plumbline_runs_finished_total)")
                    .register(registry);
            FunctionCounter.builder("plumbline.runs.finished", this, m -> m.figures.finished()
                    .getOrDefault(kind.wire(), 0L)).tag("kind", kind.wire())
                    .description("Finished runs that started").register(registry);
        }
        FunctionCounter.builder("plumbline.drift.detected", this, m -> m.figures.driftDetected())
                .description("Drift checks that found drift").register(registry);
        for (WorkKind kind : WorkKind.values()) {
            Gauge.builder("plumbline.queue.depth", this, m -> m.figures.queued().getOrDefault(kind.wire(), 0L))
                    .tag("kind", kind.wire()).description("Work waiting in the queue").register(registry);
        }
        Gauge.builder("plumbline.queue.oldest.wait", this, m -> m.figures.oldestWaitSeconds()).baseUnit("seconds")
                .description("How long the oldest waiting work has waited").register(registry);
        for (Condition c : Condition.values()) {
            Gauge.builder("plumbline.workspaces", this, m -> m.figures.conditions().getOrDefault(c, 0L))
                    .tag("condition", c.wire()).description("Workspaces by the condition of their last check")
                    .register(registry);
        }
    }

    /** The text format Prometheus reads, with the store's figures at most {@link #FRESH_FOR} old. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /** One answered HTTP request, by the route's pattern (never the raw path, which holds ids). */
    public void request(String method, String route, int status, Duration took) {
        Timer.builder("plumbline.http.requests").tags("method", method, "route", route, "status",
                String.valueOf(status)).register(registry).record(took);
    }

    /** One webhook delivery answered: {@code result} is accepted, duplicate, refused or invalid. */
    public void webhook(String host, String result) {
        Counter.builder("plumbline.webhook.deliveries").tags("host", host, "result", result).register(registry)
                .increment();
    }

    private synchronized void refresh() {
        long now = System.nanoTime();
        if (readAt != Long.MIN_VALUE && now - readAt < FRESH_FOR.toNanos()) {
            return;
        }
        try {
            StoreFigures f = StoreFigures.read(db, tally, clock.instant());
            figures = f;
            runs.register(f.runs().entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("kind", e.getKey().get(0), "status", e.getKey().get(1)), e.getValue())).toList(), true);
            sinceSuccess.register(f.sinceSuccess().entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("workspace", e.getKey()), e.getValue())).toList(), true);
            notifications.register(f.notifications().entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("channel", e.getKey().get(0), "result", e.getKey().get(1)), e.getValue())).toList(), true);
            readAt = now;
        } catch (RuntimeException e) {
            // a scrape while the store is down still answers, with the last figures; /readyz says what is wrong
            LOG.warn("reading the store's figures for the metrics: {}", e.getMessage());
        }
    }
}
