package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served schema is the root schema.graphql, and every one of its fields resolves to something. */
class SchemaWiringTest {

    private static final Set<String> ROOTS = Set.of("Query", "Mutation", "Subscription");

    private final HiveGraphQL graphQL = new HiveGraphQL(
            new GraphQLDependencies(
                    null, null, false, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null),
            null);

    @Test
    void theServedSchemaIsTheRootSchemaFile() throws Exception {
        assertThat(HiveGraphQL.schemaText()).isEqualTo(Files.readString(Path.of("..", "schema.graphql")));
    }

    @Test
    void everyFieldHasAFetcherOrARecordAccessor() {
        List<String> unresolved = new ArrayList<>();
        int fields = 0;
        for (var type : graphQL.schema().getAllTypesAsList()) {
            if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
                continue;
            }
            var node = graphQL.wiring().node(object.getName());
            if (!ROOTS.contains(object.getName()) && node.isEmpty()) {
                unresolved.add(object.getName() + " (no record class)");
                continue;
            }
            for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                fields++;
                boolean fetcher = graphQL.wiring().hasFetcher(object.getName(), field.getName());
                boolean accessor = node.isPresent() && hasAccessor(node.get(), field.getName());
                if (!fetcher && !accessor) {
                    unresolved.add(object.getName() + "." + field.getName());
                }
            }
        }
        assertThat(unresolved).as("fields nothing resolves").isEmpty();
        assertThat(fields).as("fields checked").isGreaterThan(130);
    }

    @Test
    void everyWiredFetcherNamesAFieldOfTheSchema() {
        List<String> unknown = new ArrayList<>();
        graphQL.wiring().wiredFields().forEach((type, names) -> {
            GraphQLObjectType object = graphQL.schema().getObjectType(type);
            for (String name : names) {
                if (object == null || object.getFieldDefinition(name) == null) {
                    unknown.add(type + "." + name);
                }
            }
        });
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyRootFieldIsWired() {
        for (String root : ROOTS) {
            GraphQLObjectType object = graphQL.schema().getObjectType(root);
            for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                assertThat(graphQL.wiring().hasFetcher(root, field.getName()))
                        .as(root + "." + field.getName())
                        .isTrue();
            }
        }
    }

    private static boolean hasAccessor(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 0 && Modifier.isPublic(m.getModifiers())) {
                return true;
            }
        }
        return false;
    }
}
