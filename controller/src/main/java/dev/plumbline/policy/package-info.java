/**
 * Pure decisions, each returning a reason a person can read: may this plan be applied without a human, does it need
 * approval, is it stale. No I/O; imports only {@code domain}.
 */
package dev.plumbline.policy;
