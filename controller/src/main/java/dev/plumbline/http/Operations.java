package dev.plumbline.http;

import dev.plumbline.metrics.Metrics;

/** What the operations endpoints serve: the metrics ({@code /metrics}) and the checks of {@code /readyz}. */
public record Operations(Metrics metrics, Readiness readiness) {
}
