package dev.plumbline.policy;

/**
 * A workspace's apply policy, reduced to what a decision needs: {@code autoApply} is {@code apply: auto},
 * {@code remediateDrift} is {@code on_drift: remediate}, {@code allowDestroy} lets a plan that deletes
 * something go ahead without a human.
 */
public record ApplyRules(boolean autoApply, boolean remediateDrift, boolean allowDestroy) { }
