package dev.plumbline.policy;

/** What to do with a plan, and why (the reason is shown to users and stored in the audit log). */
public record Decision(Verdict verdict, String reason) {
    public enum Verdict {
        /** apply the saved plan now. */
        APPLY,
        /** keep the plan; apply it once someone approves it. */
        AWAIT_APPROVAL,
        /** drift is reported, not corrected (on_drift: report). */
        REPORT_ONLY,
        /** the plan changes nothing. */
        NOTHING_TO_APPLY,
        /** this plan must not be applied. */
        REFUSE
    }

    static Decision of(Verdict v, String reason) {
        return new Decision(v, reason);
    }

    public boolean applies() {
        return verdict == Verdict.APPLY;
    }
}
