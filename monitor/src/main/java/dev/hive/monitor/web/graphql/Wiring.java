package dev.hive.monitor.web.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.RuntimeWiring;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Collects the fetchers of every field that needs one (each behind its {@link Guard}) and the record class
 * each object type is served from, whose accessors graphql-java's default fetcher resolves for the other
 * fields. The schema test walks the schema against both.
 */
final class Wiring {

    private final Map<String, Map<String, DataFetcher<?>>> fetchers = new LinkedHashMap<>();
    private final Map<String, Class<? extends Record>> nodes = new LinkedHashMap<>();

    Wiring field(String type, String field, Guard guard, DataFetcher<?> fetcher) {
        DataFetcher<?> previous =
                fetchers.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(field, guard.around(fetcher));
        if (previous != null) {
            throw new IllegalStateException(type + "." + field + " is wired twice");
        }
        return this;
    }

    Wiring query(String field, Guard guard, DataFetcher<?> fetcher) {
        return field("Query", field, guard, fetcher);
    }

    Wiring mutation(String field, Guard guard, DataFetcher<?> fetcher) {
        return field("Mutation", field, guard, fetcher);
    }

    Wiring subscription(String field, Guard guard, DataFetcher<?> fetcher) {
        return field("Subscription", field, guard, fetcher);
    }

    /** Objects of {@code type} are instances of {@code node}. */
    Wiring node(String type, Class<? extends Record> node) {
        nodes.put(type, node);
        return this;
    }

    /** Every wired field, by type. */
    Map<String, java.util.Set<String>> wiredFields() {
        Map<String, java.util.Set<String>> out = new LinkedHashMap<>();
        fetchers.forEach((type, fields) -> out.put(type, fields.keySet()));
        return out;
    }

    boolean hasFetcher(String type, String field) {
        return fetchers.getOrDefault(type, Map.of()).containsKey(field);
    }

    Optional<Class<? extends Record>> node(String type) {
        return Optional.ofNullable(nodes.get(type));
    }

    RuntimeWiring build(GraphQLScalarType... scalars) {
        RuntimeWiring.Builder builder = RuntimeWiring.newRuntimeWiring();
        for (GraphQLScalarType scalar : scalars) {
            builder.scalar(scalar);
        }
        fetchers.forEach((type, fields) -> builder.type(type, t -> {
            fields.forEach(t::dataFetcher);
            return t;
        }));
        return builder.build();
    }
}
