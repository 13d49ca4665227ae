package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target health in the GraphQL API, on a real monitor and virtual rack (docs/health.md). */
class GraphQLHealthTest {

    private static final String HISTORY = "{ rack { stacks { slots { target targetHealth"
            + " targetHealthSince { health by reason }"
            + " healthHistory(limit: 10) { health previous kind by reason at } } } } }";

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer admin;
    static Viewer maintainer;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir);
        gql = new InProcess(monitor.monitor.graphQLDependencies());
        admin = InProcess.as(monitor.user(GraphQLMonitor.ADMIN));
        maintainer = InProcess.as(monitor.user(GraphQLMonitor.MAINTAINER));
    }

    @AfterAll
    static void stop() {
        if (gql != null) {
            gql.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void anAdminSetsMaintenanceThenGoodAndTheHistoryKeepsWhoWhenAndWhy() {
        Map<String, Object> slot = slot(gql.data(admin, HISTORY), 0);
        assertThat(slot.get("targetHealth")).as("a new target").isEqualTo("UNKNOWN");
        assertThat(slot.get("targetHealthSince")).isNull();

        Map<String, Object> set = map(gql.data(
                        admin,
                        "mutation { setTargetHealth(stack: 0, slot: 0, health: MAINTENANCE, reason: \"  new cable \")"
                                + " { health previous kind by reason } }")
                .get("setTargetHealth"));
        assertThat(set)
                .containsEntry("health", "MAINTENANCE")
                .containsEntry("previous", "UNKNOWN")
                .containsEntry("kind", "SET")
                .containsEntry("by", GraphQLMonitor.ADMIN)
                .containsEntry("reason", "new cable");
        gql.data(admin, "mutation { setTargetHealth(stack: 0, slot: 0, health: GOOD, reason: \"fixed\") { id } }");

        slot = slot(gql.data(maintainer, HISTORY), 0);
        assertThat(slot.get("targetHealth")).isEqualTo("GOOD");
        assertThat(map(slot.get("targetHealthSince"))).containsEntry("reason", "fixed");
        List<?> history = (List<?>) slot.get("healthHistory");
        assertThat(history.stream().map(c -> map(c).get("health"))).containsExactly("GOOD", "MAINTENANCE");
        assertThat(history.stream().map(c -> map(c).get("previous"))).containsExactly("MAINTENANCE", "UNKNOWN");
        assertThat(history)
                .allSatisfy(c -> assertThat(((Map<?, ?>) c).get("at")).isNotNull());
        assertThat(slot(gql.data(admin, HISTORY), 1).get("targetHealth"))
                .as("the other target is untouched")
                .isEqualTo("UNKNOWN");
    }

    @Test
    void badInputIsRefusedClearlyAndChangesNothing() {
        int before = ((List<?>) slot(gql.data(admin, HISTORY), 1).get("healthHistory")).size();

        ExecutionResult noTarget =
                gql.run(admin, "mutation { setTargetHealth(stack: 0, slot: 7, health: BAD, reason: \"x\") { id } }");
        assertThat(codes(noTarget)).containsOnly("BAD_USER_INPUT");
        assertThat(noTarget.getErrors().get(0).getMessage()).contains("slot 0/7 holds no known target");

        ExecutionResult noReason =
                gql.run(admin, "mutation { setTargetHealth(stack: 0, slot: 1, health: BAD, reason: \"  \") { id } }");
        assertThat(codes(noReason)).containsOnly("BAD_USER_INPUT");
        assertThat(noReason.getErrors().get(0).getMessage()).contains("a reason is required");

        ExecutionResult badState =
                gql.run(admin, "mutation { setTargetHealth(stack: 0, slot: 1, health: BROKEN, reason: \"x\") { id } }");
        assertThat(badState.getErrors()).isNotEmpty();
        assertThat(badState.getErrors().get(0).getMessage()).contains("BROKEN");

        ExecutionResult notAdmin = gql.run(
                maintainer, "mutation { setTargetHealth(stack: 0, slot: 1, health: RETIRED, reason: \"x\") { id } }");
        assertThat(codes(notAdmin)).containsOnly("FORBIDDEN");
        assertThat(notAdmin.getErrors().get(0).getMessage()).contains("needs the ADMIN role");

        Map<String, Object> slot = slot(gql.data(admin, HISTORY), 1);
        assertThat(slot.get("targetHealth")).isEqualTo("UNKNOWN");
        assertThat((List<?>) slot.get("healthHistory")).hasSize(before);
    }

    private static Map<String, Object> slot(Map<String, Object> data, int index) {
        Map<String, Object> rack = map(data.get("rack"));
        Map<String, Object> stack = map(((List<?>) rack.get("stacks")).get(0));
        return map(((List<?>) stack.get("slots")).get(index));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
