package dev.hive.monitor.web;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.TokenCheck;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} on every {@code /api/v1} request. The request is paused while
 * the token is looked up on a worker, so a body handler further down still sees the whole body.
 */
final class Authenticator {

    /** Where the checked token's id is kept on the routing context. */
    static final String TOKEN_ID = "hive.tokenId";

    /** Where the checked token's name is kept on the routing context. */
    static final String TOKEN_NAME = "hive.tokenName";

    private static final String BEARER = "Bearer ";

    private final ApiTokenRepository tokens;
    private final Executors executors;

    Authenticator(ApiTokenRepository tokens, Executors executors) {
        this.tokens = tokens;
        this.executors = executors;
    }

    void handle(RoutingContext ctx) {
        if (ctx.get(SessionStreamTickets.GRANT) != null) {
            ctx.next(); // a lease stream opened by a web session with its ticket (SessionStreamTickets)
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.fail(new HttpError(401, "no API token; send Authorization: Bearer <token>"));
            return;
        }
        String token = header.substring(BEARER.length()).trim();
        Optional<TokenCheck> remembered = tokens.remembered(token);
        if (remembered.isPresent()) {
            decide(ctx, remembered.get());
            return;
        }
        ctx.request().pause();
        executors.read(() -> tokens.check(token)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                decide(ctx, ar.result());
            }
        });
    }

    private void decide(RoutingContext ctx, TokenCheck check) {
        if (!check.valid()) {
            ctx.fail(new HttpError(401, reason(check.status())));
            return;
        }
        long id = check.token().orElseThrow().id();
        ctx.put(TOKEN_ID, id);
        ctx.put(TOKEN_NAME, check.token().orElseThrow().name());
        if (tokens.touchDue(id)) {
            executors.write(() -> {
                tokens.touch(id);
                return null;
            });
        }
        ctx.next();
    }

    private static String reason(TokenCheck.Status status) {
        return switch (status) {
            case EXPIRED -> "the API token has expired";
            case REVOKED -> "the API token has been revoked";
            case UNKNOWN -> "the API token is not known to this monitor";
            case VALID -> throw new IllegalStateException("a valid token has no refusal reason");
        };
    }
}
