package dev.plumbline.config;

/** Whether a plan may be applied without a person approving it. */
public enum ApplyMode {
    AUTO,
    APPROVAL
}
