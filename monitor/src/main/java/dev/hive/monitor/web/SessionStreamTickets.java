package dev.hive.monitor.web;

import dev.hive.monitor.lease.Holder;
import dev.hive.monitor.lease.StreamKind;
import dev.hive.monitor.task.RunTickets;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Single-use tickets for a lease stream opened by the dashboard: issued by the GraphQL mutation
 * {@code leaseStreamTicket} to a logged-in web session (cookie + CSRF), redeemed by the same WebSocket endpoint the
 * CLI uses ({@code /api/v1/leases/{id}/streams/{kind}}), which a browser cannot send a Bearer token to. A ticket is
 * bound to the lease, the stream, the web user and the session it was issued to: the upgrade must carry that
 * session's cookie, and when it carries an {@code Origin}, it must be this monitor's own (no cross-site WebSocket).
 */
public final class SessionStreamTickets {

    /** Where {@link #admit} leaves the redeemed grant on the routing context. */
    static final String GRANT = "hive.sessionStreamGrant";

    /** What a redeemed ticket allows. */
    public record Grant(long leaseId, StreamKind kind, Holder holder, String sessionId) {
        public Grant {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /** {@code /api/v1/leases/:id/streams/:kind}, the route of {@code LeaseRoutes.stream}. */
    private static final Pattern STREAM_PATH = Pattern.compile("/api/v1/leases/[^/]+/streams/[^/]+/?");

    private final RunTickets tickets;
    private final Map<Long, Grant> grants = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private final String sessionCookie;

    /**
     * @param sessionCookie the name of the web session's cookie
     */
    public SessionStreamTickets(
            int maxPending, Duration lifetime, Clock clock, SecureRandom random, String sessionCookie) {
        this.tickets = new RunTickets(maxPending, lifetime, clock, random);
        this.sessionCookie = sessionCookie;
    }

    /** A new ticket for {@code grant}. */
    public String issue(Grant grant) {
        long key = keys.incrementAndGet();
        grants.put(key, grant);
        try {
            return tickets.issue(key);
        } catch (RuntimeException e) {
            grants.remove(key);
            throw e;
        }
    }

    /**
     * Before the token check of {@code /api/v1}: an upgrade without {@code Authorization} whose ticket is a session
     * ticket is let through with its grant (when the session cookie and the origin fit) and the token check skips
     * it; anything else goes on to the token check unchanged. Mounted on {@code /api/v1/leases/*}, a prefix that
     * other {@code /api/v1} requests skip without a regular expression (a route with path parameters matches one on
     * every request that reaches it), so the stream path is matched here.
     */
    void admit(RoutingContext ctx) {
        if (!STREAM_PATH.matcher(ctx.normalizedPath()).matches()) {
            ctx.next(); // another lease route: only a stream's upgrade is opened with a session ticket
            return;
        }
        String ticket = ctx.request().getParam("ticket");
        if (ctx.request().getHeader("Authorization") != null || ticket == null) {
            ctx.next();
            return;
        }
        OptionalLong key = tickets.redeem(ticket);
        Grant grant = key.isPresent() ? grants.remove(key.getAsLong()) : null;
        dropForgotten();
        if (grant == null) {
            ctx.next(); // perhaps a token ticket: the token check answers
            return;
        }
        Cookie cookie = ctx.request().getCookie(sessionCookie);
        if (cookie == null || !same(cookie.getValue(), grant.sessionId())) {
            ctx.fail(new HttpError(401, "this stream ticket was issued to another session; log in and ask again"));
            return;
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !sameOrigin(origin, ctx)) {
            ctx.fail(new HttpError(
                    403, "a lease stream is opened from this monitor's own pages only (Origin " + origin + ")"));
            return;
        }
        ctx.put(GRANT, grant);
        ctx.next();
    }

    /** Grants whose tickets expired unredeemed: their keys are older than every pending one. */
    private void dropForgotten() {
        if (grants.size() > 1024) {
            long newest = keys.get();
            grants.keySet().removeIf(k -> k < newest - 1024);
        }
    }

    private static boolean sameOrigin(String origin, RoutingContext ctx) {
        String host = ctx.request().authority() == null
                ? ctx.request().getHeader("Host")
                : ctx.request().authority().toString();
        String scheme = ctx.request().isSSL() ? "https://" : "http://";
        return origin.equalsIgnoreCase(scheme + host);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
