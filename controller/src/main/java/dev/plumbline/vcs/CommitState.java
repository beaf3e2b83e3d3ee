package dev.plumbline.vcs;

/** The state of a commit status, as both hosts understand it. */
public enum CommitState {
    PENDING,
    SUCCESS,
    /** the check ran and found a problem (a plan or validation failed). */
    FAILURE,
    /** the check could not run (Plumbline itself failed). */
    ERROR
}
