package dev.hive.monitor.web.graphql;

import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.web.Executors;
import dev.hive.rack.model.SlotAddress;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Target health in the web UI's API (docs/health.md, docs/graphql.md): a slot's {@code targetHealth}, the change
 * that made it ({@code targetHealthSince}) and its {@code healthHistory}; {@code setTargetHealth} for admins.
 */
final class HealthFetchers {
    static final int MAX_HISTORY = 200;
    static final int MAX_REASON_CHARS = 500;

    private final GraphQLDependencies deps;
    private final Executors executors;

    HealthFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("HealthChange", HealthChange.class);
        w.field("Slot", "targetHealth", Guard.USER, env -> status(env)
                .thenApply(s -> s.map(TargetHealth.Status::health).orElse(null)));
        w.field("Slot", "targetHealthSince", Guard.USER, env -> status(env)
                .thenApply(s -> s.flatMap(TargetHealth.Status::since).orElse(null)));
        w.field("Slot", "healthHistory", Guard.USER, this::history);
        w.mutation("setTargetHealth", Guard.ADMIN, this::set);
    }

    private CompletableFuture<Optional<TargetHealth.Status>> status(DataFetchingEnvironment env) {
        RackNodes.SlotNode slot = env.getSource();
        if (slot.target() == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return Async.of(executors.read(
                () -> Optional.of(deps.health().status(new SlotAddress(slot.stack(), slot.slot()), slot.target()))));
    }

    private CompletableFuture<List<HealthChange>> history(DataFetchingEnvironment env) {
        RackNodes.SlotNode slot = env.getSource();
        Integer asked = env.getArgument("limit");
        int limit = asked == null ? 20 : asked;
        if (limit < 1 || limit > MAX_HISTORY) {
            throw GraphQLRefusal.badInput("limit must be from 1 to " + MAX_HISTORY + ", got " + limit);
        }
        if (slot.target() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return Async.of(executors.read(() -> deps.health().history(new SlotAddress(slot.stack(), slot.slot()), limit)));
    }

    private CompletableFuture<HealthChange> set(DataFetchingEnvironment env) {
        int stack = env.getArgument("stack");
        int slot = env.getArgument("slot");
        Health health = Health.valueOf(env.<String>getArgument("health").toUpperCase(Locale.ROOT));
        String reason = env.<String>getArgument("reason").strip();
        if (reason.isEmpty()) {
            throw GraphQLRefusal.badInput("a reason is required: say why the health changes");
        }
        if (reason.length() > MAX_REASON_CHARS) {
            throw GraphQLRefusal.badInput("the reason is longer than " + MAX_REASON_CHARS + " characters");
        }
        if (stack < 0 || slot < 0) {
            throw GraphQLRefusal.badInput("stack " + stack + " slot " + slot + " does not exist");
        }
        String by = Guard.session(env).userName();
        SlotAddress address = new SlotAddress(stack, slot);
        return Async.of(executors.write(() -> {
            try {
                HealthChange change = deps.health()
                        .set(address, health, HealthChange.Kind.SET, by, reason, Optional.empty(), Optional.empty());
                deps.events().rackChanged();
                return change;
            } catch (TargetHealth.UnknownTargetException e) {
                throw GraphQLRefusal.badInput(e.getMessage());
            }
        }));
    }
}
