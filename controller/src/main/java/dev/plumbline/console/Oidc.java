package dev.plumbline.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.plumbline.auth.Identity;
import dev.plumbline.config.ConsoleConfig;
import dev.plumbline.store.Database;
import dev.plumbline.store.OidcLogins;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sign-in through an OpenID Connect provider: the authorization code flow with PKCE (S256) and a nonce. The state,
 * verifier and nonce of a sign-in under way are kept in the store ({@link OidcLogins}), keyed by the state's hash;
 * the answer's ID token is checked (signature against the provider's keys, issuer, audience, expiry, nonce) before
 * its claims name the person and, through {@link OidcRoles}, their role. The provider's metadata is read on the first
 * sign-in, so a provider that is down does not stop the daemon.
 */
final class Oidc {
    private static final Duration PENDING_FOR = Duration.ofMinutes(10);
    static final String VIA = "oidc";

    private final ConsoleConfig.Oidc config;
    private final Supplier<URI> baseUrl;
    private final Database db;
    private final Clock clock;
    private final Secret secret;
    private volatile OIDCProviderMetadata metadata;

    Oidc(ConsoleConfig.Oidc config, Supplier<URI> baseUrl, Database db, Clock clock) {
        this.config = config;
        this.baseUrl = baseUrl;
        this.db = db;
        this.clock = clock;
        this.secret = OidcRoles.clientSecret(config).map(Secret::new).orElse(null);
    }

    /** Where the provider sends the browser back: registered with the provider as the client's redirect URI. */
    URI redirect() {
        String base = baseUrl.get().toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "signin/oidc/callback");
    }

    /** The provider's origin, which the console's forms may be sent on to. */
    String origin() {
        URI i = config.issuer();
        return i.getScheme() + "://" + i.getAuthority();
    }

    /** Where to send the browser to sign in; {@code next} is the console page to return to. */
    URI start(String next) {
        OIDCProviderMetadata meta = metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        db.oidcLogins().put(Secrets.sha256(state.getValue()), new OidcLogins.Pending(verifier.getValue(),
                nonce.getValue(), next), clock.instant().plus(PENDING_FOR));
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile", "email"),
                new ClientID(config.clientId()), redirect()).endpointURI(meta.getAuthorizationEndpointURI())
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
    }

    /** Who signed in, and the page to go to. */
    record SignedIn(Identity identity, String next) { }

    /** Completes a sign-in from the provider's answer (the callback's full URL). */
    SignedIn finish(String callbackUrl) {
        AuthenticationResponse answer;
        try {
            answer = AuthenticationResponseParser.parse(URI.create(callbackUrl));
        } catch (ParseException | IllegalArgumentException e) {
            throw new OidcException("signing in with OpenID Connect: the provider's answer is malformed");
        }
        if (answer.getState() == null) {
            throw new OidcException("signing in with OpenID Connect: the answer carries no state");
        }
        Optional<OidcLogins.Pending> pending = db.oidcLogins().take(Secrets.sha256(answer.getState().getValue()));
        if (pending.isEmpty()) {
            throw new OidcException("signing in with OpenID Connect: the sign-in is unknown, used or older than "
                    + PENDING_FOR.toMinutes() + " minutes; start again");
        }
        if (!answer.indicatesSuccess()) {
            AuthenticationErrorResponse error = answer.toErrorResponse();
            throw new OidcException("signing in with OpenID Connect: the provider refused: "
                    + error.getErrorObject().getCode());
        }
        AuthorizationCode code = answer.toSuccessResponse().getAuthorizationCode();
        IDTokenClaimsSet claims = exchange(code, pending.get());
        return new SignedIn(OidcRoles.identity(config, claims), pending.get().nextPath());
    }

    private IDTokenClaimsSet exchange(AuthorizationCode code, OidcLogins.Pending pending) {
        OIDCProviderMetadata meta = metadata();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, redirect(), new CodeVerifier(pending.verifier()));
        ClientID client = new ClientID(config.clientId());
        ClientAuthentication auth = secret == null ? null : new ClientSecretBasic(client, secret);
        TokenRequest request = auth == null ? new TokenRequest(meta.getTokenEndpointURI(), client, grant)
                : new TokenRequest(meta.getTokenEndpointURI(), auth, grant);
        try {
            TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
            if (!response.indicatesSuccess()) {
                throw new OidcException("signing in with OpenID Connect: the token endpoint refused the code: "
                        + response.toErrorResponse().getErrorObject().getCode());
            }
            OIDCTokenResponse ok = (OIDCTokenResponse) response.toSuccessResponse();
            IDTokenValidator validator = new IDTokenValidator(meta.getIssuer(), client, JWSAlgorithm.RS256,
                    meta.getJWKSetURI().toURL());
            return validator.validate(ok.getOIDCTokens().getIDToken(), new Nonce(pending.nonce()));
        } catch (IOException | ParseException e) {
            throw new OidcException("signing in with OpenID Connect: reaching the token endpoint "
                    + meta.getTokenEndpointURI() + ": " + e.getMessage(), e);
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcException("signing in with OpenID Connect: the ID token is not valid: " + e.getMessage(), e);
        }
    }

    private OIDCProviderMetadata metadata() {
        OIDCProviderMetadata m = metadata;
        if (m == null) {
            try {
                m = OIDCProviderMetadata.resolve(new Issuer(config.issuer()));
            } catch (IOException | GeneralException e) {
                throw new OidcException("signing in with OpenID Connect: reading the metadata of " + config.issuer()
                        + ": " + e.getMessage(), e);
            }
            metadata = m;
        }
        return m;
    }
}
