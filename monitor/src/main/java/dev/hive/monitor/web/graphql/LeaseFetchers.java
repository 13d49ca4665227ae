package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.Session;
import dev.hive.monitor.lease.Holder;
import dev.hive.monitor.lease.Lease;
import dev.hive.monitor.lease.LeaseException;
import dev.hive.monitor.lease.LeaseRequest;
import dev.hive.monitor.lease.Leases;
import dev.hive.monitor.lease.StreamKind;
import dev.hive.monitor.web.Executors;
import dev.hive.monitor.web.SessionStreamTickets;
import dev.hive.rack.model.SlotAddress;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Leases in the web UI's API ({@code docs/leases.md}, {@code docs/graphql.md}): {@code leases}, {@code leaseSettings},
 * {@code lease(id)}, a slot's open {@code lease} and {@code leaseHistory}; {@code createLease} (with {@code wait}: pending
 * until the run in progress ends), {@code extendLease} and {@code releaseLease} (which cancels a pending lease) for the
 * logged-in user (the holder is {@code user:NAME}), {@code endLease} for admins. The
 * rules are {@link Leases}'s, as for the REST API; its refusals become GraphQL errors with the matching code. Without
 * the lease feature (an API server built without it) the operations answer {@code NOT_SUPPORTED} and a slot has no
 * lease.
 */
final class LeaseFetchers {

    record LeaseNode(
            String id,
            String target,
            String slot,
            int probe,
            String holder,
            String reason,
            boolean open,
            boolean pending,
            String waitsForRun,
            Instant createdAt,
            Instant grantedAt,
            Instant expiresAt,
            Instant maxUntil,
            Instant endedAt,
            String end,
            String endedBy,
            String endMessage) {

        static LeaseNode of(Lease l) {
            return new LeaseNode(
                    Long.toString(l.id()),
                    l.targetName(),
                    l.slot().toString(),
                    l.channel(),
                    l.holder(),
                    l.reason(),
                    l.open(),
                    l.pending(),
                    l.waitsForRun().map(String::valueOf).orElse(null),
                    l.createdAt(),
                    l.grantedAt().orElse(null),
                    l.expiresAt(),
                    l.capAt(),
                    l.endedAt().orElse(null),
                    l.end().map(e -> e.name().toLowerCase(Locale.ROOT)).orElse(null),
                    l.endedBy().orElse(null),
                    l.endMessage().orElse(null));
        }
    }

    static final int MAX_HISTORY = 200;
    static final int MAX_REASON_CHARS = 500;

    record SettingsNode(int defaultMinutes, int maxMinutes, int capMinutes, int idleMinutes) {}

    record StreamTicketNode(String ticket, String stream, String path) {}

    private final Leases leases;
    private final Executors executors;
    private final SessionStreamTickets streamTickets;

    LeaseFetchers(Leases leases, Executors executors, SessionStreamTickets streamTickets) {
        this.leases = leases;
        this.executors = executors;
        this.streamTickets = streamTickets;
    }

    void register(Wiring w) {
        w.node("Lease", LeaseNode.class)
                .node("LeaseSettings", SettingsNode.class)
                .node("StreamTicket", StreamTicketNode.class);
        w.query("leases", Guard.USER, env -> {
            boolean all = Boolean.TRUE.equals(env.getArgument("all"));
            return Async.of(executors.read(
                    () -> available().list(all).stream().map(LeaseNode::of).toList()));
        });
        w.query("lease", Guard.USER, this::lease);
        w.query("leaseSettings", Guard.USER, env -> {
            var c = available().config();
            return new SettingsNode(
                    (int) c.defaultLength().toMinutes(),
                    (int) c.maxLength().toMinutes(),
                    (int) c.cap().toMinutes(),
                    (int) c.idle().toMinutes());
        });
        w.field("Slot", "lease", Guard.USER, this::slotLease);
        w.field("Slot", "leaseHistory", Guard.USER, this::slotHistory);
        w.mutation("createLease", Guard.USER, this::create);
        w.mutation("extendLease", Guard.USER, env -> {
            long id = Async.id(env, "id", "lease");
            Integer minutes = env.getArgument("minutes");
            Holder holder = holder(env);
            return write(() -> available().extend(id, minutes == null ? -1 : minutes, holder));
        });
        w.mutation("releaseLease", Guard.USER, env -> {
            long id = Async.id(env, "id", "lease");
            Holder holder = holder(env);
            return write(() -> available().release(id, holder));
        });
        w.mutation("leaseStreamTicket", Guard.USER, this::streamTicket);
        w.mutation("endLease", Guard.ADMIN, env -> {
            long id = Async.id(env, "id", "lease");
            Holder admin = holder(env);
            return write(() -> available().release(id, admin));
        });
    }

    private CompletableFuture<LeaseNode> create(DataFetchingEnvironment env) {
        String target = env.<String>getArgument("target").strip();
        if (target.isEmpty()) {
            throw GraphQLRefusal.badInput("a target (a target name or a slot such as 0/1) is required");
        }
        String reason = env.<String>getArgument("reason");
        reason = reason == null ? "" : reason.strip();
        if (reason.length() > MAX_REASON_CHARS) {
            throw GraphQLRefusal.badInput("the reason is longer than " + MAX_REASON_CHARS + " characters");
        }
        LeaseRequest request = new LeaseRequest(
                target,
                optionalInt(env, "probe"),
                optionalInt(env, "minutes"),
                reason,
                Boolean.TRUE.equals(env.getArgument("wait")));
        Holder holder = holder(env);
        return write(() -> available().create(request, holder));
    }

    /**
     * One lease for its holder or an admin, as {@code GET /api/v1/leases/{id}}: its holder asking for a pending lease
     * keeps it from being reclaimed. Null when there is no such lease; another's is refused.
     */
    private CompletableFuture<LeaseNode> lease(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "lease");
        Holder holder = holder(env);
        Leases service = available();
        return Async.of(executors.read(() -> {
            try {
                return LeaseNode.of(service.find(id, holder));
            } catch (LeaseException e) {
                if (e.kind() == LeaseException.Kind.NOT_FOUND) {
                    return null;
                }
                throw refusal(e);
            }
        }));
    }

    /**
     * A single-use ticket for one stream of a lease, for this web session: GDB for the holder only, the UART for
     * anybody (read-only unless they hold the lease), as over REST.
     */
    private CompletableFuture<StreamTicketNode> streamTicket(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "lease");
        StreamKind kind = StreamKind.parse(env.<String>getArgument("stream"))
                .orElseThrow(() -> GraphQLRefusal.badInput(
                        "the stream is 'gdb' or 'uart', got '" + env.getArgument("stream") + "'"));
        Holder holder = holder(env);
        String sessionId = Guard.viewer(env)
                .sessionId()
                .orElseThrow(() -> GraphQLRefusal.badInput("a stream ticket is for a browser session (cookie)"));
        Leases service = available();
        if (streamTickets == null) {
            throw new GraphQLRefusal(GraphQLRefusal.Code.NOT_SUPPORTED, "this monitor serves no lease streams");
        }
        return Async.of(executors.read(() -> {
            try {
                Lease lease = kind == StreamKind.GDB
                        ? service.openLease(id, holder)
                        : service.openLease(id)
                                .orElseThrow(() -> new LeaseException(
                                        LeaseException.Kind.CONFLICT, "lease " + id + " is not open"));
                String ticket =
                        streamTickets.issue(new SessionStreamTickets.Grant(lease.id(), kind, holder, sessionId));
                return new StreamTicketNode(
                        ticket,
                        kind.wireName(),
                        "/api/v1/leases/" + lease.id() + "/streams/" + kind.wireName() + "?ticket=" + ticket);
            } catch (LeaseException e) {
                throw refusal(e);
            }
        }));
    }

    private Object slotLease(DataFetchingEnvironment env) {
        RackNodes.SlotNode slot = env.getSource();
        if (leases == null || slot.target() == null) {
            return null;
        }
        return leases.openLeaseOf(new SlotAddress(slot.stack(), slot.slot()))
                .map(LeaseNode::of)
                .orElse(null);
    }

    private CompletableFuture<List<LeaseNode>> slotHistory(DataFetchingEnvironment env) {
        RackNodes.SlotNode slot = env.getSource();
        int limit = Async.bounded(env, "limit", 20, 1, MAX_HISTORY);
        if (leases == null || slot.target() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return Async.of(executors.read(
                () -> leases.history(new SlotAddress(slot.stack(), slot.slot()), slot.target(), limit).stream()
                        .map(LeaseNode::of)
                        .toList()));
    }

    /** The logged-in user as a lease holder ({@code user:NAME}); an admin may end anyone's lease. */
    private static Holder holder(DataFetchingEnvironment env) {
        Session session = Guard.session(env);
        return Holder.user(session.userName(), session.role() == Role.ADMIN);
    }

    /** Runs a lease operation on the database writer; the service's refusals become GraphQL errors. */
    private CompletableFuture<LeaseNode> write(Supplier<Lease> operation) {
        available();
        return Async.of(executors.write(() -> {
            try {
                return LeaseNode.of(operation.get());
            } catch (LeaseException e) {
                throw refusal(e);
            }
        }));
    }

    static GraphQLRefusal refusal(LeaseException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> GraphQLRefusal.notFound(e.getMessage());
            case INVALID -> GraphQLRefusal.badInput(e.getMessage());
            case FORBIDDEN -> new GraphQLRefusal(GraphQLRefusal.Code.FORBIDDEN, e.getMessage());
            case CONFLICT -> new GraphQLRefusal(GraphQLRefusal.Code.CONFLICT, e.getMessage());
        };
    }

    private static OptionalInt optionalInt(DataFetchingEnvironment env, String argument) {
        Integer value = env.getArgument(argument);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private Leases available() {
        if (leases == null) {
            throw new GraphQLRefusal(GraphQLRefusal.Code.NOT_SUPPORTED, "this monitor has no leases");
        }
        return leases;
    }
}
