/**
 * Pure decisions, each returning a reason a person can read: may this plan be applied without a human, does it need
 * approval, is it stale ({@link dev.plumbline.policy.ApplyPolicy}); does a mandatory policy set's verdict hold the
 * apply, and may an operator override it ({@link dev.plumbline.policy.PolicyGate}); who may give a command in a pull
 * request comment, and when one is refused ({@link dev.plumbline.policy.CommentPolicy}); whether a remediation stays
 * inside its guards ({@link dev.plumbline.policy.RemediationPolicy}). No I/O: the caller gathers the facts. Imports
 * {@code domain}, and {@code config} for the guards as configured.
 */
package dev.plumbline.policy;
