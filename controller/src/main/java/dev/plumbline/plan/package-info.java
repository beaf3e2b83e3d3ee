/**
 * What {@code tofu show -json} says: read into {@link dev.plumbline.plan.Plan} (streamed, bounded, typed fields
 * checked), classified ({@link dev.plumbline.plan.PlanAnalysis}), sensitive values masked before anything keeps or
 * shows them, and rendered as text. Imports only {@code domain} and {@code util}.
 */
package dev.plumbline.plan;
