/**
 * Pull requests: webhook deliveries acted on once ({@link dev.plumbline.pullrequest.WebhookInbox}), reviews of the
 * affected workspaces, queued as work in the store and run where they are claimed, with one report per pull request
 * and commit statuses ({@link dev.plumbline.pullrequest.PullRequests},
 * {@link dev.plumbline.pullrequest.PullRequestRuns}, {@link dev.plumbline.pullrequest.PullRequestReport}), comment
 * commands, apply locks and their reaper, and the check that a branch plan after a merge is the one reviewed
 * ({@link dev.plumbline.pullrequest.MergedPlans}). Who may give a comment command, and when one is refused, is
 * decided in {@code policy}; the code hosts the pull requests live on come from {@code vcs.hosts}. Imports
 * {@code reconcile} and the leaves; imported by {@code http} and {@code cli}.
 */
package dev.plumbline.pullrequest;
