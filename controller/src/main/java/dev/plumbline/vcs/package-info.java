/**
 * Pull request support at its edge: talking to GitHub and GitLab, checking and reading their webhooks, and
 * rendering the plan report posted on a pull request.
 *
 * <p>{@link dev.plumbline.vcs.VcsHost} is the one interface the rest of Plumbline uses to talk to a host; its two
 * implementations live in {@code vcs.github} and {@code vcs.gitlab}, one client per host, each with its webhook
 * verifier and parser. What they share (HTTP with a bounded retry, constant-time comparison, JSON reading) is here.
 *
 * <p>Tokens and webhook secrets are {@code Supplier<String>}s, read when a call is made: they are never stored in a
 * value, logged, or put in an exception message.
 */
package dev.plumbline.vcs;
