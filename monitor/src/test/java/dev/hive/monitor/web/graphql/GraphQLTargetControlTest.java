package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import graphql.ExecutionResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's target control on a real virtual rack: an admin powers, resets and flashes (a bad ELF fails,
 * followed through {@code targetOperation}); a user who is not an admin is refused and nothing changes.
 */
class GraphQLTargetControlTest {

    private static final String OP = "{ id kind state output requestedBy endedAt }";
    private static final SlotAddress ARM = new SlotAddress(0, 0);
    private static final SlotAddress RISCV = new SlotAddress(0, 1); // the flash test leaves ARM broken

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
    void anAdminPowersAndResetsATarget() {
        Map<?, ?> off = (Map<?, ?>) gql.data(admin, "mutation { powerTarget(stack: 0, slot: 1, on: false) " + OP + " }")
                .get("powerTarget");
        assertThat(off.get("state")).isEqualTo("SUCCEEDED");
        assertThat(off.get("kind")).isEqualTo("POWER_OFF");
        assertThat(off.get("requestedBy")).isEqualTo(GraphQLMonitor.ADMIN);
        assertThat(monitor.monitor.rack().backend().health(RISCV)).isEqualTo(TargetHealth.POWERED_OFF);

        gql.data(admin, "mutation { powerTarget(stack: 0, slot: 1, on: true) " + OP + " }");
        assertThat(monitor.monitor.rack().backend().health(RISCV)).isEqualTo(TargetHealth.READY);
        Map<?, ?> reset = (Map<?, ?>) gql.data(admin, "mutation { resetTarget(stack: 0, slot: 1) " + OP + " }")
                .get("resetTarget");
        assertThat(reset.get("state")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aBadElfIsAcceptedAndItsOperationFails() throws Exception {
        String elf = Base64.getEncoder().encodeToString("not an ELF".getBytes(StandardCharsets.UTF_8));
        Map<?, ?> queued = (Map<?, ?>) gql.data(
                        admin,
                        "mutation($elf: String!) { flashTarget(stack: 0, slot: 0, elfBase64: $elf) " + OP + " }",
                        Map.of("elf", elf))
                .get("flashTarget");
        assertThat(queued.get("state")).isIn("QUEUED", "RUNNING", "FAILED");

        Map<?, ?> op = operation(queued.get("id"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"FAILED".equals(op.get("state"))
                && !"SUCCEEDED".equals(op.get("state"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            op = operation(queued.get("id"));
        }

        assertThat(op.get("state")).isEqualTo("FAILED");
        assertThat((String) op.get("output")).isNotBlank();
        assertThat(op.get("endedAt")).isNotNull();
    }

    @Test
    void aUserWhoHoldsALeaseOnTheTargetControlsItAndOnlyIt() throws Exception {
        var leases = monitor.monitor.leases();
        var lease = leases.create(
                new dev.hive.monitor.lease.LeaseRequest(
                        "0/1", java.util.OptionalInt.empty(), java.util.OptionalInt.of(5), "bring-up"),
                dev.hive.monitor.lease.Holder.user(GraphQLMonitor.MAINTAINER, false));
        try {
            Map<?, ?> reset = (Map<?, ?>) gql.data(maintainer, "mutation { resetTarget(stack: 0, slot: 1) " + OP + " }")
                    .get("resetTarget");
            ExecutionResult otherTarget = gql.run(maintainer, "mutation { resetTarget(stack: 0, slot: 0) { id } }");

            assertThat(reset.get("state")).isEqualTo("SUCCEEDED");
            assertThat(reset.get("requestedBy")).isEqualTo(GraphQLMonitor.MAINTAINER);
            assertThat(codes(otherTarget)).containsOnly("FORBIDDEN");
        } finally {
            leases.release(lease.id(), dev.hive.monitor.lease.Holder.user(GraphQLMonitor.MAINTAINER, false));
            assertThat(leases.awaitRestored(java.time.Duration.ofSeconds(60))).isTrue();
        }
        ExecutionResult ended = gql.run(maintainer, "mutation { resetTarget(stack: 0, slot: 1) { id } }");
        assertThat(codes(ended)).as("the lease has ended").containsOnly("FORBIDDEN");
    }

    @Test
    void refusalsCarryTheirCodeAndChangeNothing() {
        TargetHealth before = monitor.monitor.rack().backend().health(ARM);
        ExecutionResult notAdmin = gql.run(maintainer, "mutation { powerTarget(stack: 0, slot: 0, on: false) { id } }");
        ExecutionResult noSlot = gql.run(admin, "mutation { resetTarget(stack: 4, slot: 4) { id } }");
        ExecutionResult notBase64 =
                gql.run(admin, "mutation { flashTarget(stack: 0, slot: 0, elfBase64: \"%%%\") { id } }");
        ExecutionResult empty = gql.run(admin, "mutation { flashTarget(stack: 0, slot: 0, elfBase64: \"\") { id } }");

        assertThat(codes(notAdmin)).containsOnly("FORBIDDEN");
        assertThat(notAdmin.getErrors().get(0).getMessage())
                .isEqualTo("'" + GraphQLMonitor.MAINTAINER
                        + "' may not control target 0/0: admins and the holder of its open lease only");
        assertThat(codes(noSlot)).containsOnly("NOT_FOUND");
        assertThat(codes(notBase64)).containsOnly("BAD_USER_INPUT");
        assertThat(codes(empty)).containsOnly("BAD_USER_INPUT");
        assertThat(monitor.monitor.rack().backend().health(ARM)).isEqualTo(before);
        assertThat(gql.data(admin, "{ targetOperation(id: 424242) { id } }").get("targetOperation"))
                .isNull();
    }

    private static Map<?, ?> operation(Object id) {
        return (Map<?, ?>) gql.data(admin, "{ targetOperation(id: " + id + ") " + OP + " }")
                .get("targetOperation");
    }
}
