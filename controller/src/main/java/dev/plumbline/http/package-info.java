/**
 * Plumbline's HTTP side: webhooks in ({@code POST /webhooks/github}, {@code POST /webhooks/gitlab}), verified with
 * the repos' secrets and stored before they are answered, then handed over to be acted on; and pages out
 * ({@code GET /runs/{id}}, the target of the links in pull request comments and statuses; {@code GET /healthz}).
 */
package dev.plumbline.http;
