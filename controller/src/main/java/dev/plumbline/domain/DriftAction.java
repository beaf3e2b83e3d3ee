package dev.plumbline.domain;

import java.util.Locale;

/**
 * What refresh found was done to a resource outside Git. The {@link #wire()} code is what is stored and
 * fingerprinted; the {@link #prose()} is only for people (plan text, reports, the command line) and may be reworded
 * without touching stored data. The store admits only the codes known when it was last migrated (the
 * {@code drift_findings_action_known} constraint): a new action needs a migration that widens it.
 */
public enum DriftAction {
    CREATE("has been created"),
    READ("has been read"),
    UPDATE("has changed"),
    DELETE("has been deleted"),
    REPLACE("has been replaced"),
    FORGET("has been removed from the state");

    private final String prose;

    DriftAction(String prose) {
        this.prose = prose;
    }

    /** How a plan's text says it: {@code # aws_s3_bucket.logs has changed}. */
    public String prose() {
        return prose;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DriftAction parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
