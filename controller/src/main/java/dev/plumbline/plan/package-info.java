/**
 * What {@code tofu show -json} says: read into {@link dev.plumbline.plan.Plan} (streamed, bounded, typed fields
 * checked), classified and counted ({@link dev.plumbline.plan.PlanAnalysis}), its drift turned into
 * {@code domain.DriftFinding}s, sensitive values masked before anything keeps or shows them, and rendered as text.
 * Imports only {@code domain} and {@code util}.
 */
package dev.plumbline.plan;
