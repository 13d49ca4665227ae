package dev.hive.monitor.web.graphql;

import dev.hive.monitor.web.Executors;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The executable schema: the root {@code schema.graphql} (copied into the monitor's class path by the build)
 * wired to the fetchers, behind depth and complexity limits, with errors that carry a message for people and a
 * code for the UI.
 */
public final class HiveGraphQL {

    /** Where the build puts the root {@code schema.graphql}. */
    public static final String SCHEMA_RESOURCE = "/graphql/schema.graphql";
    /** The deepest query accepted (the schema's own types nest 5 deep; introspection goes deeper). */
    public static final int MAX_DEPTH = 15;
    /** The most fields one query may select (each field counts 1, also inside lists). */
    public static final int MAX_COMPLEXITY = 500;

    private final Wiring wiring = new Wiring();
    private final GraphQLSchema schema;
    private final GraphQL graphQL;

    public HiveGraphQL(GraphQLDependencies deps, Executors executors) {
        this(deps, executors, null);
    }

    /** With {@code leases} and {@code endLease} served by {@code leases} (null: they answer NOT_SUPPORTED). */
    public HiveGraphQL(GraphQLDependencies deps, Executors executors, dev.hive.monitor.lease.Leases leases) {
        this(deps, executors, leases, java.util.Optional::empty);
    }

    /** As above, with {@code fleet} served by the fleet's roster (empty: fleet mode off, {@code fleet} is null). */
    public HiveGraphQL(
            GraphQLDependencies deps,
            Executors executors,
            dev.hive.monitor.lease.Leases leases,
            java.util.function.Supplier<java.util.Optional<dev.hive.monitor.fleet.FleetRoster>> fleet) {
        this(deps, executors, leases, fleet, null);
    }

    /** As above, with {@code leaseStreamTicket} served by {@code streamTickets} (null: NOT_SUPPORTED). */
    public HiveGraphQL(
            GraphQLDependencies deps,
            Executors executors,
            dev.hive.monitor.lease.Leases leases,
            java.util.function.Supplier<java.util.Optional<dev.hive.monitor.fleet.FleetRoster>> fleet,
            dev.hive.monitor.web.SessionStreamTickets streamTickets) {
        new FleetFetchers(fleet, executors).register(wiring);
        RunFetchers runs = new RunFetchers(deps, executors);
        RackFetchers rack = new RackFetchers(deps, executors);
        new AccountFetchers(deps, executors).register(wiring);
        rack.register(wiring);
        new HealthFetchers(deps, executors).register(wiring);
        new TestprogramFetchers(deps, executors).register(wiring);
        runs.register(wiring);
        new LogFetchers(deps, executors).register(wiring);
        new SystemFetchers(deps, executors).register(wiring);
        new TargetControlFetchers(deps, executors).register(wiring);
        new LeaseFetchers(leases, executors, streamTickets).register(wiring);
        new Subscriptions(deps, runs, rack).register(wiring);
        schema = new SchemaGenerator()
                .makeExecutableSchema(new SchemaParser().parse(schemaText()), wiring.build(DateTimeScalar.INSTANCE));
        graphQL = GraphQL.newGraphQL(schema)
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(MAX_DEPTH),
                        new MaxQueryComplexityInstrumentation(MAX_COMPLEXITY))))
                .defaultDataFetcherExceptionHandler(new ErrorHandler())
                .build();
    }

    public GraphQL graphQL() {
        return graphQL;
    }

    public GraphQLSchema schema() {
        return schema;
    }

    Wiring wiring() {
        return wiring;
    }

    /** Runs one operation in-process as {@code viewer} (tests and tools; the HTTP handlers do the same). */
    public ExecutionResult execute(String query, Map<String, Object> variables, Viewer viewer) {
        return graphQL.execute(ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables)
                .graphQLContext(Map.of(Viewer.class, viewer))
                .build());
    }

    /** The schema text the monitor serves. */
    public static String schemaText() {
        try (InputStream in = HiveGraphQL.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the GraphQL schema " + SCHEMA_RESOURCE
                        + " is missing from the class path; the build copies it from schema.graphql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GraphQL schema", e);
        }
    }
}
