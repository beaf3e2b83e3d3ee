/**
 * The nouns every package speaks in: workspace ids, tools, run kinds and statuses, triggers, classifications.
 * Records and enums only; imports nothing of Plumbline but {@code util}.
 */
package dev.plumbline.domain;
