/**
 * The nouns every package speaks in: workspace ids, revisions, tools, runs (their kinds, statuses, times and
 * triggers), the processes that own runs, classifications, resource counts, drift findings and their actions, and
 * the backoff of retries.
 * Records and enums (and the few rules they carry) only; imports nothing of Plumbline but {@code util}.
 */
package dev.plumbline.domain;
