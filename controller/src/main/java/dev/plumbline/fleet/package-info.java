/**
 * The fleet read model: every workspace with its current state (last check, condition, drifted since, drifted
 * addresses, plans awaiting approval, apply lock, claim, queue position), as records read from the store in a few
 * queries per page, for the API, the console and the metrics.
 * Imports {@code domain}, {@code util} and {@code store}; read-only, it writes nothing.
 */
package dev.plumbline.fleet;
