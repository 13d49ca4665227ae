package dev.hive.monitor.web.graphql;

import dev.hive.monitor.lease.Holder;
import dev.hive.monitor.lease.Lease;
import dev.hive.monitor.lease.LeaseException;
import dev.hive.monitor.lease.Leases;
import dev.hive.monitor.web.Executors;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code leases} (any user) and {@code endLease} (admins: end anyone's lease; {@code docs/leases.md}). Without the
 * lease feature (an API server built without it) both answer {@code NOT_SUPPORTED}.
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
            Instant createdAt,
            Instant expiresAt,
            Instant maxUntil,
            Instant endedAt,
            String end,
            String endedBy) {

        static LeaseNode of(Lease l) {
            return new LeaseNode(
                    Long.toString(l.id()),
                    l.targetName(),
                    l.slot().toString(),
                    l.channel(),
                    l.holder(),
                    l.reason(),
                    l.open(),
                    l.createdAt(),
                    l.expiresAt(),
                    l.capAt(),
                    l.endedAt().orElse(null),
                    l.end().map(e -> e.name().toLowerCase(Locale.ROOT)).orElse(null),
                    l.endedBy().orElse(null));
        }
    }

    private final Leases leases;
    private final Executors executors;

    LeaseFetchers(Leases leases, Executors executors) {
        this.leases = leases;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("Lease", LeaseNode.class);
        w.query("leases", Guard.USER, env -> {
            boolean all = Boolean.TRUE.equals(env.getArgument("all"));
            return Async.of(executors.read(
                    () -> available().list(all).stream().map(LeaseNode::of).toList()));
        });
        w.mutation("endLease", Guard.ADMIN, env -> {
            long id = Async.id(env, "id", "lease");
            Holder admin = Holder.user(Guard.session(env).userName(), true);
            return Async.of(executors.write(() -> {
                try {
                    return LeaseNode.of(available().release(id, admin));
                } catch (LeaseException e) {
                    throw switch (e.kind()) {
                        case NOT_FOUND -> GraphQLRefusal.notFound(e.getMessage());
                        case INVALID -> GraphQLRefusal.badInput(e.getMessage());
                        case FORBIDDEN -> new GraphQLRefusal(GraphQLRefusal.Code.FORBIDDEN, e.getMessage());
                        case CONFLICT -> new GraphQLRefusal(GraphQLRefusal.Code.CONFLICT, e.getMessage());
                    };
                }
            }));
        });
    }

    private Leases available() {
        if (leases == null) {
            throw new GraphQLRefusal(GraphQLRefusal.Code.NOT_SUPPORTED, "this monitor has no leases");
        }
        return leases;
    }
}
