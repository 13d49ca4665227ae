package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.Session;
import dev.hive.monitor.auth.User;
import dev.hive.monitor.web.Executors;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The monitor's schema executed in-process, as a given user, on the monitor's own dependencies. */
final class InProcess implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Executors executors = new Executors(vertx);
    final HiveGraphQL graphQL;

    InProcess(GraphQLDependencies deps) {
        this(deps, null);
    }

    /** With the monitor's {@code leases} (null: the lease operations answer NOT_SUPPORTED). */
    InProcess(GraphQLDependencies deps, dev.hive.monitor.lease.Leases leases) {
        graphQL = new HiveGraphQL(deps, executors, leases);
    }

    static Viewer as(User user) {
        return Viewer.of(
                new Session(user.id(), user.name(), user.role(), Instant.now().plusSeconds(3600)));
    }

    ExecutionResult run(Viewer viewer, String query) {
        return run(viewer, query, Map.of());
    }

    ExecutionResult run(Viewer viewer, String query, Map<String, Object> variables) {
        return graphQL.execute(query, variables, viewer);
    }

    /** The data of an operation that must succeed. */
    Map<String, Object> data(Viewer viewer, String query, Map<String, Object> variables) {
        ExecutionResult r = run(viewer, query, variables);
        if (!r.getErrors().isEmpty()) {
            throw new AssertionError("unexpected errors: " + r.getErrors());
        }
        return r.getData();
    }

    Map<String, Object> data(Viewer viewer, String query) {
        return data(viewer, query, Map.of());
    }

    /** The codes of an operation's errors. */
    static List<Object> codes(ExecutionResult r) {
        return r.getErrors().stream()
                .map(GraphQLError::getExtensions)
                .map(e -> e == null ? null : e.get("code"))
                .toList();
    }

    @Override
    public void close() {
        executors.close();
        vertx.close();
    }
}
