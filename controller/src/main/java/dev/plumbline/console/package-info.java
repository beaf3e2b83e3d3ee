/**
 * The console: server-rendered pages of the fleet, a workspace, a run, the queue and the audit log (jte templates in
 * {@code src/main/jte}, compiled at build time, every value HTML-escaped), the approve, apply and cancel forms, and
 * the console's sign-in: OpenID Connect (authorization code with PKCE), an API token, or a one-time link; sessions in
 * the store behind an HttpOnly, SameSite cookie; a CSRF token on every form.
 * Imports {@code auth}, {@code store}, {@code reconcile}, {@code config}, {@code domain}, {@code plan} and
 * {@code util}; only {@code http} (which mounts its routes) and {@code cli} import it.
 */
package dev.plumbline.console;
