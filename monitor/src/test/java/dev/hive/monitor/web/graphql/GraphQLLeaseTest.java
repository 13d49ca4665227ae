package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.lease.Holder;
import dev.hive.monitor.lease.Lease;
import graphql.ExecutionResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases taken, extended and released from a web session (docs/leases.md), on a real monitor and virtual rack
 * (one channel, two targets on one stack): the holder is {@code user:NAME}, the rules and refusals are the REST
 * API's, an admin ends anyone's lease, and the rack and a slot show the lease and its history.
 */
class GraphQLLeaseTest {

    private static final String FIELDS =
            "{ id target slot probe holder reason open createdAt expiresAt maxUntil" + " endedAt end endedBy }";
    private static final String SLOTS = "{ rack { stacks { slots { target lease { id holder expiresAt } } } } }";

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer admin;
    static Viewer maint;
    static Viewer carol;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(
                dir, "leases:\n  defaultMinutes: 30\n  maxMinutes: 60\n  capMinutes: 60\n  idleMinutes: 10\n");
        new UserRepository(
                        monitor.monitor.database(),
                        Clock.systemUTC(),
                        new PasswordHasher(new PasswordHasher.Cost(64, 1, 1)))
                .create("carol", GraphQLMonitor.PASSWORD, Role.MAINTAINER);
        gql = new InProcess(monitor.monitor.graphQLDependencies(), monitor.monitor.leases());
        admin = InProcess.as(monitor.user(GraphQLMonitor.ADMIN));
        maint = InProcess.as(monitor.user(GraphQLMonitor.MAINTAINER));
        carol = InProcess.as(monitor.user("carol"));
    }

    @AfterEach
    void endOpenLeases() throws Exception {
        for (Lease open : monitor.monitor.leases().list(false)) {
            monitor.monitor.leases().release(open.id(), Holder.user("cleanup", true));
        }
        assertThat(monitor.monitor.leases().awaitRestored(Duration.ofSeconds(30)))
                .as("ended leases' targets restored")
                .isTrue();
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
    void aUserLeasesExtendsAndReleasesATargetFromTheirSession() {
        Instant before = Instant.now();
        Map<String, Object> lease = map(gql.data(
                        maint,
                        "mutation { createLease(target: \"lm3s6965evb\", minutes: 20, reason: \" uart debugging \") "
                                + FIELDS + " }")
                .get("createLease"));
        Instant after = Instant.now();
        assertThat(lease)
                .containsEntry("target", "lm3s6965evb")
                .containsEntry("slot", "0/0")
                .containsEntry("probe", 0)
                .containsEntry("holder", "user:maint")
                .containsEntry("reason", "uart debugging")
                .containsEntry("open", true)
                .containsEntry("end", null);
        assertThat(instant(lease, "expiresAt"))
                .isBetween(before.plus(Duration.ofMinutes(20)).minusMillis(1), after.plus(Duration.ofMinutes(20)));
        assertThat(instant(lease, "maxUntil"))
                .isEqualTo(instant(lease, "createdAt").plus(Duration.ofMinutes(60)));
        String id = (String) lease.get("id");

        List<Map<String, Object>> slots = slots(gql.data(carol, SLOTS));
        assertThat(map(slots.get(0).get("lease")))
                .as("the rack shows the leased target's holder and end to any user")
                .containsEntry("id", id)
                .containsEntry("holder", "user:maint")
                .containsEntry("expiresAt", lease.get("expiresAt"));
        assertThat(slots.get(1).get("lease"))
                .as("the other target is not leased")
                .isNull();
        assertThat(gql.data(carol, "{ leases { id holder } }").get("leases"))
                .isEqualTo(List.of(Map.of("id", id, "holder", "user:maint")));

        Instant extending = Instant.now();
        Map<String, Object> extended =
                map(gql.data(maint, "mutation { extendLease(id: \"" + id + "\", minutes: 45) " + FIELDS + " }")
                        .get("extendLease"));
        assertThat(instant(extended, "expiresAt"))
                .isBetween(
                        extending.plus(Duration.ofMinutes(45)).minusMillis(1),
                        Instant.now().plus(Duration.ofMinutes(45)));
        assertThat(extended).containsEntry("open", true).containsEntry("id", id);

        Map<String, Object> released =
                map(gql.data(maint, "mutation { releaseLease(id: \"" + id + "\") " + FIELDS + " }")
                        .get("releaseLease"));
        assertThat(released)
                .containsEntry("open", false)
                .containsEntry("end", "released")
                .containsEntry("endedBy", "user:maint");
        assertThat(released.get("endedAt")).isNotNull();

        Map<String, Object> slot = map(gql.data(
                        carol,
                        "{ slot(stack: 0, slot: 0) { target lease { id } leaseHistory(limit: 5) { id holder end } } }")
                .get("slot"));
        assertThat(slot.get("lease")).as("released: no longer leased").isNull();
        assertThat(map(((List<?>) slot.get("leaseHistory")).get(0)))
                .containsEntry("id", id)
                .containsEntry("holder", "user:maint")
                .containsEntry("end", "released");
        assertThat(map(gql.data(carol, "{ slot(stack: 0, slot: 9) { target } }"))
                        .get("slot"))
                .as("no such slot")
                .isNull();
        assertThat(map(gql.data(carol, "{ leaseSettings { defaultMinutes maxMinutes capMinutes idleMinutes } }")
                        .get("leaseSettings")))
                .isEqualTo(Map.of("defaultMinutes", 30, "maxMinutes", 60, "capMinutes", 60, "idleMinutes", 10));
    }

    @Test
    void theRestApisRulesRefuseWithClearErrorsAndAnAdminEndsAnyonesLease() {
        int stored = ((List<?>) gql.data(admin, "{ leases(all: true) { id } }").get("leases")).size();

        assertRefused(
                gql.run(maint, "mutation { createLease(target: \"sifive_e\", minutes: 0) { id } }"),
                "BAD_USER_INPUT",
                "minutes must be from 1 to 60");
        assertRefused(
                gql.run(maint, "mutation { createLease(target: \"sifive_e\", minutes: 61) { id } }"),
                "BAD_USER_INPUT",
                "minutes must be from 1 to 60");
        assertRefused(
                gql.run(maint, "mutation { createLease(target: \"nrf52\") { id } }"),
                "NOT_FOUND",
                "no target named 'nrf52'");
        assertRefused(
                gql.run(maint, "mutation { createLease(target: \"sifive_e\", probe: 7) { id } }"),
                "NOT_FOUND",
                "no channel 7");
        assertRefused(gql.run(maint, "mutation { createLease(target: \" \") { id } }"), "BAD_USER_INPUT", "target");

        gql.data(
                admin,
                "mutation { setTargetHealth(stack: 0, slot: 1, health: MAINTENANCE, reason: \"rewiring\") { id } }");
        assertRefused(
                gql.run(maint, "mutation { createLease(target: \"sifive_e\") { id } }"), "CONFLICT", "MAINTENANCE");
        gql.data(admin, "mutation { setTargetHealth(stack: 0, slot: 1, health: UNKNOWN, reason: \"rewired\") { id } }");

        String id = (String) map(gql.data(maint, "mutation { createLease(target: \"0/0\") { id expiresAt } }")
                        .get("createLease"))
                .get("id");
        assertRefused(
                gql.run(carol, "mutation { createLease(target: \"sifive_e\") { id } }"),
                "CONFLICT",
                "leased (lease " + id + " by user:maint");
        assertRefused(
                gql.run(carol, "mutation { extendLease(id: \"" + id + "\", minutes: 5) { id } }"),
                "FORBIDDEN",
                "is not yours (it is user:maint's)");
        assertRefused(
                gql.run(carol, "mutation { releaseLease(id: \"" + id + "\") { id } }"), "FORBIDDEN", "is not yours");
        assertRefused(
                gql.run(admin, "mutation { extendLease(id: \"" + id + "\", minutes: 5) { id } }"),
                "FORBIDDEN",
                "only its holder extends it");
        assertRefused(
                gql.run(maint, "mutation { extendLease(id: \"" + id + "\", minutes: 60) { id } }"),
                "BAD_USER_INPUT",
                "(leases.capMinutes 60 from its start)");
        assertRefused(gql.run(maint, "mutation { extendLease(id: \"x\") { id } }"), "BAD_USER_INPUT", "positive");
        assertRefused(gql.run(maint, "mutation { releaseLease(id: \"99999\") { id } }"), "NOT_FOUND", "no lease");
        assertRefused(
                gql.run(maint, "mutation { endLease(id: \"" + id + "\") { id } }"), "FORBIDDEN", "needs the ADMIN");

        Map<String, Object> open = map(slots(gql.data(carol, SLOTS)).get(0).get("lease"));
        assertThat(open).as("refusals left the lease as it was").containsEntry("id", id);

        Map<String, Object> ended =
                map(gql.data(admin, "mutation { releaseLease(id: \"" + id + "\") { open end endedBy } }")
                        .get("releaseLease"));
        assertThat(ended)
                .as("an admin releasing another's lease ends it as admin")
                .containsEntry("open", false)
                .containsEntry("end", "admin")
                .containsEntry("endedBy", "user:root");
        assertRefused(gql.run(maint, "mutation { releaseLease(id: \"" + id + "\") { id } }"), "CONFLICT", "ended at");
        assertThat((List<?>) gql.data(admin, "{ leases(all: true) { id } }").get("leases"))
                .as("only the one granted lease was stored")
                .hasSize(stored + 1);
    }

    private static void assertRefused(ExecutionResult result, String code, String message) {
        assertThat(codes(result)).containsExactly(code);
        assertThat(result.getErrors().get(0).getMessage()).contains(message);
    }

    private static Instant instant(Map<String, Object> node, String field) {
        Object value = node.get(field);
        return value instanceof OffsetDateTime t ? t.toInstant() : Instant.parse(String.valueOf(value));
    }

    private static List<Map<String, Object>> slots(Map<String, Object> data) {
        Map<String, Object> rack = map(data.get("rack"));
        Map<String, Object> stack = map(((List<?>) rack.get("stacks")).get(0));
        return ((List<?>) stack.get("slots"))
                .stream().map(GraphQLLeaseTest::map).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
