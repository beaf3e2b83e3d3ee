package dev.plumbline.auth;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * One way a request proves who sent it (a bearer token, a session cookie). The HTTP layer asks its sources in
 * turn; the first that answers names the identity. A source that finds no credential of its kind answers empty;
 * one that finds a credential it refuses (unknown, revoked, expired) also answers empty, never a weaker identity.
 */
public interface IdentitySource {
    Optional<Identity> identify(Context ctx);
}
