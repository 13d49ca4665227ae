package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.Session;
import dev.hive.monitor.control.Caller;
import dev.hive.monitor.control.ControlRefusal;
import dev.hive.monitor.control.TargetOperation;
import dev.hive.monitor.web.Executors;
import dev.hive.rack.model.SlotAddress;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Power, reset and flash of one target from the dashboard (the {@code control} package does the work and decides
 * who may: an admin, or the holder of the target's open lease), and polling a flash.
 */
final class TargetControlFetchers {

    /** A target operation as the API shows it. */
    record TargetOperationNode(
            String id,
            int stack,
            int slot,
            String kind,
            String state,
            String output,
            String requestedBy,
            Instant createdAt,
            Instant endedAt) {
        static TargetOperationNode of(TargetOperation op) {
            return new TargetOperationNode(
                    Long.toString(op.id()),
                    op.slot().stack(),
                    op.slot().slot(),
                    op.kind().name(),
                    op.state().name(),
                    op.output(),
                    op.requestedBy(),
                    op.createdAt(),
                    op.endedAt().orElse(null));
        }
    }

    private final GraphQLDependencies deps;
    private final Executors executors;

    TargetControlFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("TargetOperation", TargetOperationNode.class);
        w.mutation(
                "powerTarget",
                Guard.USER,
                env -> call(() -> deps.targetControl().power(caller(env), slot(env), env.<Boolean>getArgument("on"))));
        w.mutation(
                "resetTarget",
                Guard.USER,
                env -> call(() -> deps.targetControl().reset(caller(env), slot(env))));
        w.mutation("flashTarget", Guard.USER, this::flash);
        w.query("targetOperation", Guard.USER, env -> {
            long id = Async.id(env, "id", "operation");
            return deps.targetControl()
                    .operation(id)
                    .map(TargetOperationNode::of)
                    .orElse(null);
        });
    }

    private CompletableFuture<TargetOperationNode> flash(DataFetchingEnvironment env) {
        byte[] elf;
        try {
            elf = Base64.getDecoder().decode(env.<String>getArgument("elfBase64"));
        } catch (IllegalArgumentException e) {
            throw GraphQLRefusal.badInput("elfBase64 is not base64: " + e.getMessage());
        }
        Caller caller = caller(env);
        SlotAddress slot = slot(env);
        return call(() -> deps.targetControl().flash(caller, slot, elf));
    }

    private CompletableFuture<TargetOperationNode> call(Callable<TargetOperation> work) {
        return Async.of(executors.file(() -> {
            try {
                return TargetOperationNode.of(work.call());
            } catch (ControlRefusal r) {
                throw refusal(r);
            }
        }));
    }

    private static Caller caller(DataFetchingEnvironment env) {
        Session session = Guard.session(env);
        return Caller.user(session.userName(), session.role() == Role.ADMIN);
    }

    private static SlotAddress slot(DataFetchingEnvironment env) {
        int stack = env.getArgument("stack");
        int slot = env.getArgument("slot");
        if (stack < 0 || slot < 0) {
            throw GraphQLRefusal.notFound("there is no slot " + stack + "/" + slot + " in this rack");
        }
        return new SlotAddress(stack, slot);
    }

    private static GraphQLRefusal refusal(ControlRefusal r) {
        GraphQLRefusal.Code code =
                switch (r.reason()) {
                    case FORBIDDEN -> GraphQLRefusal.Code.FORBIDDEN;
                    case NO_TARGET -> GraphQLRefusal.Code.NOT_FOUND;
                    case BUSY -> GraphQLRefusal.Code.CONFLICT;
                    case BAD_INPUT -> GraphQLRefusal.Code.BAD_USER_INPUT;
                };
        return new GraphQLRefusal(code, r.getMessage());
    }
}
