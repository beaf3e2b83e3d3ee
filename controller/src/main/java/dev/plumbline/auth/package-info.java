/**
 * Who a request comes from and what they may do: {@link dev.plumbline.auth.Role} (viewer, operator, admin),
 * {@link dev.plumbline.auth.Identity}, and the {@link dev.plumbline.auth.IdentitySource}s the HTTP layer asks in
 * turn; API tokens (random, shown once, stored only as a sha256) and the
 * source that reads them from {@code Authorization: Bearer}.
 * Imports {@code domain}, {@code util}, {@code store} and Javalin's {@code Context}; nothing above them.
 */
package dev.plumbline.auth;
