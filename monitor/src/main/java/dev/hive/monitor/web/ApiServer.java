package dev.hive.monitor.web;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.control.TargetControl;
import dev.hive.monitor.metrics.Metrics;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.RunTickets;
import dev.hive.monitor.web.graphql.GraphQLDependencies;
import dev.hive.monitor.web.graphql.GraphQLRoutes;
import dev.hive.monitor.web.graphql.HiveGraphQL;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's HTTP server: {@code /healthz}, the {@code /api/v1} routes and (when given its dependencies)
 * the web UI's {@code /graphql} on the configured address and port (TLS when a certificate and key are configured). Built by the composition root with everything it
 * needs; {@link #start} answers the port it listens on (useful with port 0).
 */
public final class ApiServer {

    public static final String API = "/api/v1";

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Duration TICKET_SWEEP = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final ApiDependencies deps;
    private final GraphQLDependencies graphql;
    private final Metrics metrics;
    private final TargetControl control;
    private final LeaseApi leases;
    private final Executors executors;
    private final WebSocketPings pings;
    private final RunSocket socket;
    private HttpServer server;
    private long sweepTimer = -1;

    /** A server without the web UI's GraphQL API. */
    public ApiServer(Vertx vertx, ApiDependencies deps) {
        this(vertx, deps, null);
    }

    /** A server with {@code /graphql} and {@code /graphql/ws} as well, when {@code graphql} is not null. */
    public ApiServer(Vertx vertx, ApiDependencies deps, GraphQLDependencies graphql) {
        this(vertx, deps, graphql, null, null, null);
    }

    /**
     * A server with, for each part that is not null: {@code /metrics} when enabled (see {@link MetricsRoute}), the
     * target control routes (see {@link TargetRoutes}), and {@code /api/v1/leases} ({@code docs/leases.md}).
     */
    public ApiServer(
            Vertx vertx,
            ApiDependencies deps,
            GraphQLDependencies graphql,
            Metrics metrics,
            TargetControl control,
            LeaseApi leases) {
        this.vertx = vertx;
        this.deps = deps;
        this.graphql = graphql;
        this.metrics = metrics;
        this.control = control;
        this.leases = leases;
        this.executors = new Executors(vertx);
        this.pings = new WebSocketPings(vertx, deps.config().limits().idleTimeout());
        this.socket = new RunSocket(deps, executors, pings);
    }

    /** Starts listening; answers the actual port. */
    public Future<Integer> start() {
        MonitorConfig config = deps.config();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.bindAddress())
                .setPort(config.httpPort())
                .setCompressionSupported(true)
                // a connection with no traffic either way is closed; WebSocketPings keeps open sockets busy
                .setIdleTimeout((int) config.limits().idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // graphql-ws clients ask for it, and a browser fails a handshake whose answer does not name it.
                .addWebSocketSubProtocol(GraphQLRoutes.WS_SUBPROTOCOL);
        if (config.tlsEnabled()) {
            options.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(config.tlsCertificate().orElseThrow().toString())
                            .setKeyPath(config.tlsKey().orElseThrow().toString()));
        }
        sweepTimer = vertx.setPeriodic(TICKET_SWEEP.toMillis(), id -> sweepExpiredTickets());
        return vertx.createHttpServer(options).requestHandler(router()).listen().map(s -> {
            server = s;
            LOG.info("HTTP API listening on {}:{}", config.bindAddress(), s.actualPort());
            return s.actualPort();
        });
    }

    /** Stops listening and releases the executors. */
    public Future<Void> stop() {
        vertx.cancelTimer(sweepTimer);
        socket.stop();
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.andThen(ar -> executors.close());
    }

    Router router() {
        MonitorConfig config = deps.config();
        long limit = config.limits().uploadBytes();
        Router router = Router.router(vertx);
        FailureHandler failures = new FailureHandler(limit);
        Authenticator auth = new Authenticator(deps.tokens(), executors);
        SystemRoutes system = new SystemRoutes(deps, executors);
        RunRoutes runs = new RunRoutes(deps, executors);
        RunSubmission submission = new RunSubmission(deps, executors, new RunnerJars(config.dataDir()));
        // JSON bodies are small and stay in memory; uploads stream to files in MultipartUpload
        BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
        MultipartUpload multipart = new MultipartUpload(config.dataDir().resolve("uploads"), limit);
        UploadSpace space = new UploadSpace(config.dataDir());
        DeclaredBody declared = new DeclaredBody(limit);

        router.get("/healthz").handler(system::health);
        if (metrics != null && metrics.config().enabled()) {
            router.get("/metrics").handler(new MetricsRoute(metrics, executors)::scrape);
        }
        SessionStreamTickets sessionTickets = leases == null
                ? null
                : new SessionStreamTickets(
                        config.limits().pendingTickets(),
                        config.limits().ticketLifetime(),
                        Clock.systemUTC(),
                        RANDOM,
                        GraphQLRoutes.SESSION_COOKIE);
        if (sessionTickets != null) {
            router.get(API + "/leases/*").handler(sessionTickets::admit);
        }
        router.route(API + "/*").handler(auth::handle);
        router.route(API + "/*").handler(ctx -> {
            if (ctx.request().canUpgradeToWebSocket()) {
                ctx.next();
            } else {
                declared.check(ctx);
                space.check(ctx);
                if (multipart(ctx)) {
                    multipart.handle(ctx);
                } else {
                    body.handle(ctx);
                }
            }
        });
        router.get(API + "/capabilities").handler(system::capabilities);
        router.get(API + "/fleet").handler(new FleetRoutes(deps, executors)::show);
        router.post(API + "/runs").handler(submission::submit);
        router.get(API + "/runs").handler(runs::list);
        router.get(API + "/runs/socket").handler(socket::open);
        router.get(API + "/runs/:id").handler(runs::show);
        router.get(API + "/runs/:id/socket").handler(socket::reattach);
        router.get(API + "/runs/:id/junit").handler(runs::junit);
        router.delete(API + "/runs/:id").handler(runs::cancel);
        if (control != null) {
            TargetRoutes targets = new TargetRoutes(control, config, executors);
            router.post(API + "/targets/:stack/:slot/power").handler(targets::power);
            router.post(API + "/targets/:stack/:slot/reset").handler(targets::reset);
            router.post(API + "/targets/:stack/:slot/flash").handler(targets::flash);
            router.get(API + "/operations/:id").handler(targets::operation);
        }
        if (graphql != null) {
            HealthRoutes health = new HealthRoutes(graphql.health(), config, executors, graphql.events()::rackChanged);
            router.post(API + "/targets/:stack/:slot/health").handler(health::set);
        }
        if (leases != null) {
            var limits = config.limits();
            new LeaseRoutes(
                            deps,
                            executors,
                            leases.leases(),
                            leases.streams(),
                            new RunTickets(limits.pendingTickets(), limits.ticketLifetime(), Clock.systemUTC(), RANDOM),
                            new RunTickets(limits.pendingTickets(), limits.ticketLifetime(), Clock.systemUTC(), RANDOM),
                            pings)
                    .mount(router);
        }
        if (graphql != null) {
            new GraphQLRoutes(
                            graphql,
                            executors,
                            new HiveGraphQL(
                                    graphql,
                                    executors,
                                    leases == null ? null : leases.leases(),
                                    deps.fleet(),
                                    sessionTickets),
                            pings)
                    .mount(router);
        }
        new WebUi().mount(router);
        router.route().failureHandler(failures::handle);
        router.errorHandler(404, failures::handle);
        router.errorHandler(405, failures::handle);
        router.errorHandler(500, failures::handle);
        return router;
    }

    private static boolean multipart(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** A run whose client never opened its socket in time is cancelled, with the reason. */
    private void sweepExpiredTickets() {
        for (long runId : deps.tickets().purgeExpired()) {
            executors
                    .write(() -> deps.runs()
                            .transition(
                                    runId,
                                    RunState.CANCELLED,
                                    Optional.of("the client did not open the run's WebSocket within "
                                            + deps.config()
                                                    .limits()
                                                    .ticketLifetime()
                                                    .toSeconds() + " s")))
                    .onFailure(e -> LOG.warn("cannot cancel run {} after its ticket expired: {}", runId, e.toString()));
        }
    }
}
