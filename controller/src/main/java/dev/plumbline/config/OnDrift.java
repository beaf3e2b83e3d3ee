package dev.plumbline.config;

/** What a drift check does when it finds drift. */
public enum OnDrift {
    /** record and report it; a person decides. */
    REPORT,
    /** plan Git's configuration back onto the real world, subject to the workspace's apply mode. */
    REMEDIATE
}
