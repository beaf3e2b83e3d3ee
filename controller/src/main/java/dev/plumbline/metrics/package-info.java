/**
 * The daemon's Prometheus metrics (Micrometer): runs, durations, drift, the queue, workspaces by condition and the
 * age of their last completed check, notifications, read from the store when scraped; HTTP requests and webhook
 * deliveries, counted as they are answered.
 * Imports {@code domain}, {@code store} and {@code fleet}; the HTTP edge serves it at {@code /metrics}.
 */
package dev.plumbline.metrics;
