package dev.plumbline.store;

import java.time.Clock;

/**
 * The store's tables, each reached through one accessor, bound to one {@link Scope}: on {@link Database} every
 * operation commits on its own, on {@link Tx} all of them share the caller's transaction. One list of accessors
 * for both, so a table reachable from one is reachable from the other.
 */
public abstract sealed class Tables permits Database, Tx {
    private final Workspaces workspaces;
    private final Runs runs;
    private final Plans plans;
    private final RunLogs logs;
    private final DriftFindings drift;
    private final DriftNotifications driftNotifications;
    private final Approvals approvals;
    private final AuditLog audit;
    private final RepoHeads repoHeads;
    private final ValidSettings validSettings;
    private final WebhookDeliveries webhookDeliveries;
    private final PullRequestPlans pullRequestPlans;
    private final WorkspaceLocks workspaceLocks;
    private final PullRequestComments pullRequestComments;
    private final NotificationOutbox notificationOutbox;
    private final QueuedWork queuedWork;
    private final Owners owners;
    private final CancelRequests cancels;
    private final DriftHistory driftHistory;
    private final DriftAcks driftAcks;
    private final PolicyResults policyResults;
    private final PolicyOverrides policyOverrides;
    private final ResourceIndex resourceIndex;
    private final Events events;
    private final EventChecks eventChecks;
    private final ConsoleSessions consoleSessions;
    private final SignInLinks signInLinks;
    private final OidcLogins oidcLogins;
    private final ApiTokens apiTokens;
    private final RunPages runPages;
    private final DriftChecks driftChecks;
    private final WorkspaceChecks workspaceChecks;

    Tables(Scope scope, PlanCipher cipher, Clock clock) {
        this.workspaces = new Workspaces(scope, clock);
        this.runs = new Runs(scope, clock);
        this.plans = new Plans(scope, cipher, clock);
        this.logs = new RunLogs(scope);
        this.drift = new DriftFindings(scope);
        this.driftNotifications = new DriftNotifications(scope, clock);
        this.approvals = new Approvals(scope, clock);
        this.audit = new AuditLog(scope, clock);
        this.repoHeads = new RepoHeads(scope, clock);
        this.validSettings = new ValidSettings(scope, clock);
        this.webhookDeliveries = new WebhookDeliveries(scope, clock);
        this.pullRequestPlans = new PullRequestPlans(scope, clock);
        this.workspaceLocks = new WorkspaceLocks(scope, clock);
        this.pullRequestComments = new PullRequestComments(scope, clock);
        this.notificationOutbox = new NotificationOutbox(scope);
        this.queuedWork = new QueuedWork(scope, clock);
        this.owners = new Owners(scope, clock);
        this.cancels = new CancelRequests(scope, clock);
        this.driftHistory = new DriftHistory(scope, clock);
        this.driftAcks = new DriftAcks(scope, clock);
        this.policyResults = new PolicyResults(scope);
        this.policyOverrides = new PolicyOverrides(scope, clock);
        this.resourceIndex = new ResourceIndex(scope, clock);
        this.events = new Events(scope, clock);
        this.eventChecks = new EventChecks(scope, clock);
        this.consoleSessions = new ConsoleSessions(scope, clock);
        this.signInLinks = new SignInLinks(scope, clock);
        this.oidcLogins = new OidcLogins(scope, clock);
        this.apiTokens = new ApiTokens(scope, clock);
        this.runPages = new RunPages(scope);
        this.driftChecks = new DriftChecks(scope);
        this.workspaceChecks = new WorkspaceChecks(scope);
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

    public RepoHeads repoHeads() {
        return repoHeads;
    }

    public ValidSettings validSettings() {
        return validSettings;
    }

    public WebhookDeliveries webhookDeliveries() {
        return webhookDeliveries;
    }

    public PullRequestPlans pullRequestPlans() {
        return pullRequestPlans;
    }

    public WorkspaceLocks workspaceLocks() {
        return workspaceLocks;
    }

    public PullRequestComments pullRequestComments() {
        return pullRequestComments;
    }

    public NotificationOutbox notificationOutbox() {
        return notificationOutbox;
    }

    public QueuedWork queuedWork() {
        return queuedWork;
    }

    public Owners owners() {
        return owners;
    }

    public CancelRequests cancels() {
        return cancels;
    }

    public DriftHistory driftHistory() {
        return driftHistory;
    }

    public DriftAcks driftAcks() {
        return driftAcks;
    }

    public PolicyResults policyResults() {
        return policyResults;
    }

    public PolicyOverrides policyOverrides() {
        return policyOverrides;
    }

    public ResourceIndex resourceIndex() {
        return resourceIndex;
    }

    public Events events() {
        return events;
    }

    public EventChecks eventChecks() {
        return eventChecks;
    }

    public ConsoleSessions consoleSessions() {
        return consoleSessions;
    }

    public SignInLinks signInLinks() {
        return signInLinks;
    }

    public OidcLogins oidcLogins() {
        return oidcLogins;
    }

    public ApiTokens apiTokens() {
        return apiTokens;
    }

    public RunPages runPages() {
        return runPages;
    }

    public DriftChecks driftChecks() {
        return driftChecks;
    }

    public WorkspaceChecks workspaceChecks() {
        return workspaceChecks;
    }
}
