package dev.hive.monitor.web.graphql;

import dev.hive.monitor.web.Executors;
import dev.hive.monitor.web.HttpError;
import dev.hive.monitor.web.WebSocketPings;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphQLHandler;
import io.vertx.ext.web.handler.graphql.GraphQLHandlerOptions;
import io.vertx.ext.web.handler.graphql.ws.ConnectionInitEvent;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /graphql} and {@code GET /graphql/ws} (graphql-ws), with their own security, apart from the
 * Bearer-token {@code /api/v1}:
 *
 * <ul>
 *   <li>Session: cookie {@value #SESSION_COOKIE} (HttpOnly, SameSite=Strict, Path=/, Secure under TLS), a
 *       server-side session. Without a valid one, only an operation that is nothing but the {@code login}
 *       mutation is executed; anything else is answered 401.
 *   <li>CSRF, double submit: every answer on these routes sets a readable cookie {@value #CSRF_COOKIE}
 *       (SameSite=Strict, Secure under TLS) when the request had none, and login sets a new one. Every POST
 *       must carry header {@value #CSRF_HEADER} equal to that cookie, or it is answered 403; the one
 *       exception is a login from a client that has no CSRF cookie yet (its first request). A POST must be
 *       {@code application/json} (415 otherwise), which a cross-site form cannot send without a preflight
 *       this server never grants.
 *   <li>WebSocket: the session cookie is checked at the upgrade (401), and again at {@code connection_init},
 *       whose payload must carry {@code csrfToken} equal to the {@value #CSRF_COOKIE} cookie (else the
 *       socket is closed with 4401).
 * </ul>
 */
public final class GraphQLRoutes {

    public static final String PATH = "/graphql";
    public static final String WS_PATH = "/graphql/ws";
    /** The WebSocket subprotocol of graphql-ws; the HTTP server must offer it (see {@code ApiServer}). */
    public static final String WS_SUBPROTOCOL = "graphql-transport-ws";

    public static final String SESSION_COOKIE = "hive_session";
    public static final String CSRF_COOKIE = "hive_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final long BODY_LIMIT = 1024 * 1024;
    private static final String VIEWER = "hive.viewer";

    private final GraphQLDependencies deps;
    private final Executors executors;
    private final HiveGraphQL graphQL;
    private final SecureRandom random = new SecureRandom();
    private final Map<ServerWebSocket, Viewer> sockets = new ConcurrentHashMap<>();
    private final WebSocketPings pings;

    public GraphQLRoutes(GraphQLDependencies deps, Executors executors, HiveGraphQL graphQL, WebSocketPings pings) {
        this.deps = deps;
        this.executors = executors;
        this.graphQL = graphQL;
        this.pings = pings;
    }

    public void mount(Router router) {
        GraphQLHandler http = GraphQLHandler.builder(graphQL.graphQL())
                .with(new GraphQLHandlerOptions()
                        .setRequestBatchingEnabled(false)
                        .setRequestMultipartEnabled(false))
                .beforeExecute(b -> b.builder()
                        .graphQLContext(Map.of(Viewer.class, b.context().get(VIEWER))))
                .build();
        GraphQLWSHandler ws = GraphQLWSHandler.builder(graphQL.graphQL())
                .onConnectionInit(this::connectionInit)
                .beforeExecute(b -> {
                    Viewer viewer = sockets.get(b.context().socket());
                    b.builder().graphQLContext(Map.of(Viewer.class, viewer == null ? anonymous(b) : viewer));
                })
                .onSocketEnd(sockets::remove)
                .build();
        router.route(PATH).handler(this::ensureCsrfCookie);
        router.route(WS_PATH).handler(this::ensureCsrfCookie);
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.post(PATH).handler(this::admit);
        router.post(PATH).handler(http);
        router.get(WS_PATH).handler(this::admitSocket);
        router.get(WS_PATH).handler(ws);
    }

    private static Viewer anonymous(io.vertx.ext.web.handler.graphql.ExecutionInputBuilderWithContext<?> b) {
        return Viewer.anonymous("websocket", Viewer.SessionCookies.NONE);
    }

    /** The cookies the client sent (Vert.x's cookie jar also holds the ones this answer sets). */
    private static Map<String, String> sent(RoutingContext ctx) {
        return cookies(ctx.request().getHeader("Cookie"));
    }

    private void ensureCsrfCookie(RoutingContext ctx) {
        if (sent(ctx).get(CSRF_COOKIE) == null) {
            ctx.response().addCookie(csrfCookie(newSecret()));
        }
        ctx.next();
    }

    /** The session and CSRF checks of a GraphQL POST; on success the viewer waits on the context. */
    private void admit(RoutingContext ctx) {
        String type =
                Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            ctx.fail(new HttpError(415, "a GraphQL request is a POST with Content-Type application/json"));
            return;
        }
        boolean login = onlyLogin(ctx.body().asString());
        Map<String, String> sent = sent(ctx);
        String csrf = sent.get(CSRF_COOKIE);
        boolean csrfOk = (login && csrf == null)
                || (csrf != null && equal(csrf, ctx.request().getHeader(CSRF_HEADER)));
        Optional<String> sessionId =
                Optional.ofNullable(sent.get(SESSION_COOKIE)).filter(v -> !v.isEmpty());
        String address = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().host();
        Viewer.SessionCookies cookies = new HttpCookies(ctx);
        executors
                .read(() -> sessionId.flatMap(deps.sessions()::find))
                .onSuccess(session -> {
                    if (session.isEmpty() && !login) {
                        ctx.fail(new HttpError(
                                401,
                                sessionId.isPresent()
                                        ? "the session has ended; log in again"
                                        : "not logged in; log in first (mutation login)",
                                errors("not logged in", "UNAUTHENTICATED")));
                        return;
                    }
                    if (!csrfOk) {
                        ctx.fail(new HttpError(
                                403,
                                "missing or wrong " + CSRF_HEADER + " header: send the value of the " + CSRF_COOKIE
                                        + " cookie with every GraphQL request",
                                errors("CSRF check failed", "FORBIDDEN")));
                        return;
                    }
                    ctx.put(VIEWER, new Viewer(session, session.flatMap(s -> sessionId), address, cookies));
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    /** The upgrade to /graphql/ws needs a valid session. */
    private void admitSocket(RoutingContext ctx) {
        Optional<String> sessionId = Optional.ofNullable(sent(ctx).get(SESSION_COOKIE));
        ctx.request().pause();
        executors
                .read(() -> sessionId.flatMap(deps.sessions()::find))
                .onSuccess(session -> {
                    if (session.isEmpty()) {
                        ctx.fail(new HttpError(401, "not logged in; log in before opening " + WS_PATH));
                    } else {
                        ctx.next();
                    }
                })
                .onFailure(ctx::fail);
    }

    private void connectionInit(ConnectionInitEvent event) {
        ServerWebSocket socket = event.message().socket();
        Map<String, String> cookies = cookies(socket.headers().get("Cookie"));
        JsonObject payload = event.message().message().getJsonObject("payload", new JsonObject());
        String csrf = cookies.get(CSRF_COOKIE);
        if (csrf == null || !equal(csrf, payload.getString("csrfToken"))) {
            event.fail("connection_init needs payload.csrfToken equal to the " + CSRF_COOKIE + " cookie");
            return;
        }
        Optional<String> sessionId = Optional.ofNullable(cookies.get(SESSION_COOKIE));
        executors
                .read(() -> sessionId.flatMap(deps.sessions()::find))
                .onSuccess(session -> {
                    if (session.isEmpty()) {
                        event.fail("not logged in");
                        return;
                    }
                    String address = socket.remoteAddress() == null
                            ? "unknown"
                            : socket.remoteAddress().host();
                    sockets.put(socket, new Viewer(session, sessionId, address, Viewer.SessionCookies.NONE));
                    pings.keepAlive(socket);
                    event.complete();
                })
                .onFailure(event::fail);
    }

    /** Whether the request is one operation that selects nothing but {@code login}. */
    static boolean onlyLogin(String body) {
        try {
            JsonObject request = new JsonObject(body);
            Document document = Parser.parse(request.getString("query", ""));
            String name = request.getString("operationName");
            List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
            List<OperationDefinition> chosen = operations.stream()
                    .filter(o -> name == null || name.equals(o.getName()))
                    .toList();
            if (chosen.size() != 1 || (name == null && operations.size() != 1)) {
                return false;
            }
            OperationDefinition op = chosen.get(0);
            return op.getOperation() == OperationDefinition.Operation.MUTATION
                    && op.getSelectionSet().getSelections().stream()
                            .allMatch(s -> s instanceof Field f
                                    && (f.getName().equals("login")
                                            || f.getName().equals("__typename")));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean equal(String a, String b) {
        return b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject errors(String message, String code) {
        return new JsonObject()
                .put(
                        "errors",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("message", message)
                                        .put("extensions", new JsonObject().put("code", code))));
    }

    private static Map<String, String> cookies(String header) {
        Map<String, String> out = new java.util.HashMap<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(
                        part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Cookie csrfCookie(String value) {
        return Cookie.cookie(CSRF_COOKIE, value)
                .setPath("/")
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(deps.tls())
                .setHttpOnly(false);
    }

    /**
     * Sets and clears the session cookie of one HTTP exchange; a login also gets a fresh CSRF cookie (unless
     * this answer sets the first one already). The cookies are written when the headers go out, on the event
     * loop, whichever thread the fetcher finished on.
     */
    private final class HttpCookies implements Viewer.SessionCookies {
        private final RoutingContext ctx;
        private final java.util.Queue<Cookie> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();

        HttpCookies(RoutingContext ctx) {
            this.ctx = ctx;
            ctx.addHeadersEndHandler(v -> pending.forEach(
                    c -> ctx.response().headers().add(io.vertx.core.http.HttpHeaders.SET_COOKIE, c.encode())));
        }

        @Override
        public void started(String sessionId) {
            pending.add(Cookie.cookie(SESSION_COOKIE, sessionId)
                    .setPath("/")
                    .setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT)
                    .setSecure(deps.tls())
                    .setMaxAge(deps.sessionLifetime().toSeconds()));
            if (sent(ctx).get(CSRF_COOKIE) != null) {
                pending.add(csrfCookie(newSecret()));
            }
        }

        @Override
        public void ended() {
            pending.add(Cookie.cookie(SESSION_COOKIE, "")
                    .setPath("/")
                    .setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT)
                    .setSecure(deps.tls())
                    .setMaxAge(0));
        }
    }
}
