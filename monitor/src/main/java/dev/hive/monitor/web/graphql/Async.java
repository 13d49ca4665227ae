package dev.hive.monitor.web.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;

/** Small bridges between Vert.x futures, graphql-java and the arguments fetchers read. */
final class Async {

    private Async() {}

    static <T> CompletableFuture<T> of(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture();
    }

    /** An {@code ID} argument that names a stored row: a positive whole number. */
    static long id(DataFetchingEnvironment env, String argument, String what) {
        Object raw = env.getArgument(argument);
        try {
            long id = Long.parseLong(String.valueOf(raw));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GraphQLRefusal.badInput("a " + what + " id is a positive whole number, got '" + raw + "'");
    }

    /** An {@code Int} argument within bounds (its schema default when absent). */
    static int bounded(DataFetchingEnvironment env, String argument, int fallback, int min, int max) {
        Integer value = env.getArgument(argument);
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw GraphQLRefusal.badInput(argument + " must be from " + min + " to " + max + ", got " + v);
        }
        return v;
    }
}
