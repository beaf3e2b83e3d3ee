package dev.plumbline.store;

import java.sql.Connection;
import java.time.Clock;

/**
 * One transaction, handed to {@link SqlWork} by {@link Database#inTransaction}. Its accessors offer the same
 * operations as the database's, but all of them write through this transaction and commit or roll back together.
 * Do not call the database's own accessors from inside: they use another connection and commit on their own.
 */
public final class Tx {
    private final Workspaces workspaces;
    private final Runs runs;
    private final Plans plans;
    private final RunLogs logs;
    private final DriftFindings drift;
    private final DriftNotifications driftNotifications;
    private final Approvals approvals;
    private final AuditLog audit;
    private final PullRequestPlans pullRequestPlans;
    private final WorkspaceLocks workspaceLocks;

    Tx(Connection connection, PlanCipher cipher, Clock clock) {
        Scope scope = Scope.of(connection);
        this.workspaces = new Workspaces(scope, clock);
        this.runs = new Runs(scope, clock);
        this.plans = new Plans(scope, cipher, clock);
        this.logs = new RunLogs(scope);
        this.drift = new DriftFindings(scope);
        this.driftNotifications = new DriftNotifications(scope, clock);
        this.approvals = new Approvals(scope, clock);
        this.audit = new AuditLog(scope, clock);
        this.pullRequestPlans = new PullRequestPlans(scope, clock);
        this.workspaceLocks = new WorkspaceLocks(scope, clock);
    }

    public Workspaces workspaces() {
        return workspaces;
    }

    public Runs runs() {
        return runs;
    }

    public Plans plans() {
        return plans;
    }

    public RunLogs logs() {
        return logs;
    }

    public DriftFindings drift() {
        return drift;
    }

    public DriftNotifications driftNotifications() {
        return driftNotifications;
    }

    public Approvals approvals() {
        return approvals;
    }

    public AuditLog audit() {
        return audit;
    }

    public PullRequestPlans pullRequestPlans() {
        return pullRequestPlans;
    }

    public WorkspaceLocks workspaceLocks() {
        return workspaceLocks;
    }
}
