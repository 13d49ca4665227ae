package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.auth.User;
import graphql.ExecutionResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema executed in-process against a real monitor (virtual rack, SQLite), as different users. */
class GraphQLInProcessTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer admin;
    static Viewer maintainer;
    static User adminUser;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir);
        gql = new InProcess(monitor.monitor.graphQLDependencies());
        adminUser = monitor.user(GraphQLMonitor.ADMIN);
        admin = InProcess.as(adminUser);
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
    void anonymousGetsNothingButLogin() {
        Viewer nobody = Viewer.anonymous("10.1.0.1", Viewer.SessionCookies.NONE);
        for (String query : List.of(
                "{ me { name } }",
                "{ rack { name } }",
                "{ users { name } }",
                "mutation { logout }",
                "{ logs(source: MONITOR) { entries { message } } }")) {
            ExecutionResult r = gql.run(nobody, query);
            assertThat(codes(r)).as(query).containsOnly("UNAUTHENTICATED");
        }
        Map<String, Object> login = gql.data(
                nobody,
                "mutation { login(name: \"maint\", password: \"" + GraphQLMonitor.PASSWORD + "\") { name role } }");
        assertThat(login).isEqualTo(Map.of("login", Map.of("name", "maint", "role", "MAINTAINER")));
    }

    @Test
    void aMaintainerIsRefusedUserManagement() {
        for (String query : List.of(
                "{ users { name } }",
                "mutation { createUser(name: \"eve\", password: \"long enough\", role: ADMIN) { id } }",
                "mutation { modifyUser(id: " + adminUser.id() + ", role: MAINTAINER) { id } }",
                "mutation { deleteUser(id: " + adminUser.id() + ") }")) {
            ExecutionResult r = gql.run(maintainer, query);
            assertThat(codes(r)).as(query).containsOnly("FORBIDDEN");
            assertThat(r.getErrors().get(0).getMessage()).contains("needs the ADMIN role");
        }
        assertThat(gql.data(maintainer, "{ me { name } }")).isEqualTo(Map.of("me", Map.of("name", "maint")));
    }

    @Test
    void nobodyDeletesThemselvesOrTheLastAdmin() {
        ExecutionResult self = gql.run(admin, "mutation { deleteUser(id: " + adminUser.id() + ") }");
        assertThat(codes(self)).containsOnly("BAD_USER_INPUT");
        assertThat(self.getErrors().get(0).getMessage()).contains("cannot delete yourself");
        ExecutionResult demote =
                gql.run(admin, "mutation { modifyUser(id: " + adminUser.id() + ", role: MAINTAINER) { role } }");
        assertThat(codes(demote)).containsOnly("CONFLICT");
        assertThat(demote.getErrors().get(0).getMessage()).contains("last admin");
    }

    @Test
    void anAdminManagesUsers() {
        Map<String, Object> created = gql.data(
                admin,
                "mutation { createUser(name: \"temp-user\", password: \"long enough\", role: MAINTAINER) { id } }");
        String id = (String) ((Map<?, ?>) created.get("createUser")).get("id");
        assertThat(gql.data(
                        admin, "mutation { modifyUser(id: " + id + ", name: \"temp2\", role: ADMIN) { name role } }"))
                .isEqualTo(Map.of("modifyUser", Map.of("name", "temp2", "role", "ADMIN")));
        assertThat(codes(gql.run(
                        admin, "mutation { createUser(name: \"x\", password: \"short\", role: ADMIN) { id } }")))
                .containsOnly("BAD_USER_INPUT");
        assertThat(gql.data(admin, "mutation { deleteUser(id: " + id + ") }")).isEqualTo(Map.of("deleteUser", true));
    }

    @Test
    void failedLoginsAreThrottledPerAccountWithAClearMessage() {
        Viewer from = Viewer.anonymous("10.2.0.1", Viewer.SessionCookies.NONE);
        gql.data(
                admin,
                "mutation { createUser(name: \"victim\", password: \"the real one\", role: MAINTAINER) { id } }");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            ExecutionResult wrong =
                    gql.run(from, "mutation { login(name: \"victim\", password: \"guess " + i + "\") { id } }");
            assertThat(codes(wrong)).containsOnly("UNAUTHENTICATED");
            assertThat(wrong.getErrors().get(0).getMessage()).isEqualTo("wrong user name or password");
        }
        Viewer elsewhere = Viewer.anonymous("10.2.0.2", Viewer.SessionCookies.NONE);
        ExecutionResult refused =
                gql.run(elsewhere, "mutation { login(name: \"victim\", password: \"the real one\") { id } }");
        assertThat(codes(refused)).containsOnly("TOO_MANY_REQUESTS");
        assertThat(refused.getErrors().get(0).getMessage())
                .contains("too many failed logins")
                .contains("try again in");
        // other accounts from another address are not affected
        assertThat(gql.run(
                                Viewer.anonymous("10.2.0.3", Viewer.SessionCookies.NONE),
                                "mutation { login(name: \"maint\", password: \"" + GraphQLMonitor.PASSWORD
                                        + "\") { id } }")
                        .getErrors())
                .isEmpty();
    }

    @Test
    void queriesDeeperThanTheLimitAreRefused() {
        String deep = "{ __schema { types { fields { type " + "{ ofType ".repeat(12) + "{ name }" + " }".repeat(12)
                + " } } } }";
        ExecutionResult r = gql.run(admin, deep);
        assertThat(r.getErrors()).isNotEmpty();
        assertThat(r.getErrors().get(0).getMessage()).containsIgnoringCase("depth");
    }

    @Test
    void queriesMoreComplexThanTheLimitAreRefused() {
        StringBuilder q = new StringBuilder("{ ");
        for (int i = 0; i < 300; i++) {
            q.append("a").append(i).append(": me { name } ");
        }
        ExecutionResult r = gql.run(admin, q.append("}").toString());
        assertThat(r.getErrors()).isNotEmpty();
        assertThat(r.getErrors().get(0).getMessage()).containsIgnoringCase("complexity");
        assertThat(gql.run(admin, "{ a: me { name } b: me { name } }").getErrors())
                .isEmpty();
    }

    @Test
    void theRackShowsChannelsStacksAndFlashedTargets() {
        Map<String, Object> data = gql.data(
                admin,
                "{ rack { name backend channels { index detected { kind identifier } } stacks { index slots {"
                        + " stack slot state target architecture flashStatus flashMessage health } } } }");
        Map<?, ?> rack = (Map<?, ?>) data.get("rack");
        assertThat(rack.get("backend")).isEqualTo("virtual");
        assertThat((List<?>) rack.get("channels")).hasSize(1);
        List<?> slots = (List<?>) ((Map<?, ?>) ((List<?>) rack.get("stacks")).get(0)).get("slots");
        assertThat(slots).hasSize(2);
        Map<?, ?> first = (Map<?, ?>) slots.get(0);
        assertThat(first.get("target")).isEqualTo("lm3s6965evb");
        assertThat(first.get("state")).isEqualTo("KNOWN");
        assertThat(first.get("architecture")).isEqualTo("ARM");
        assertThat(first.get("flashStatus")).isEqualTo("OK");
        assertThat(first.get("health")).isEqualTo("READY");
    }

    @Test
    void assignmentsAreValidatedWithClearErrors() {
        ExecutionResult outside =
                gql.run(admin, "mutation { assignTarget(stack: 3, slot: 0, target: \"sifive_e\") { target } }");
        assertThat(codes(outside)).containsOnly("BAD_USER_INPUT");
        assertThat(outside.getErrors().get(0).getMessage())
                .contains("does not exist")
                .contains("stacks 0 to 0");
        ExecutionResult unknown =
                gql.run(admin, "mutation { assignTarget(stack: 0, slot: 1, target: \"sifive_f\") { target } }");
        assertThat(codes(unknown)).containsOnly("BAD_USER_INPUT");
        assertThat(unknown.getErrors().get(0).getMessage())
                .contains("unknown target 'sifive_f'")
                .contains("sifive_e");
        ExecutionResult channel = gql.run(admin, "mutation { assignProbe(channel: 7, probe: null) { index } }");
        assertThat(codes(channel)).containsOnly("BAD_USER_INPUT");
        assertThat(gql.data(admin, "{ searchTargets(search: \"SIFIVE\") { name architecture emulated } }"))
                .isEqualTo(Map.of(
                        "searchTargets",
                        List.of(Map.of("name", "sifive_e", "architecture", "RISCV", "emulated", true))));
    }

    @Test
    void logsComeNewestFirstWithACursorAndALevelFilter() {
        List<String> seen = new ArrayList<>();
        Map<String, Object> page = gql.data(
                admin, "{ logs(source: MONITOR, level: INFO, limit: 3) { entries { id level message } nextCursor } }");
        Map<?, ?> logs = (Map<?, ?>) page.get("logs");
        List<?> entries = (List<?>) logs.get("entries");
        assertThat(entries).hasSize(3);
        entries.forEach(e -> seen.add((String) ((Map<?, ?>) e).get("id")));
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(b), Long.parseLong(a)));
        Map<?, ?> older = (Map<?, ?>) gql.data(
                        admin,
                        "query($c: ID) { logs(source: MONITOR, limit: 3, before: $c) { entries { id } } }",
                        Map.of("c", logs.get("nextCursor")))
                .get("logs");
        String firstOlder = (String) ((Map<?, ?>) ((List<?>) older.get("entries")).get(0)).get("id");
        assertThat(Long.parseLong(firstOlder)).isLessThan(Long.parseLong(seen.get(2)));
        Map<?, ?> errors = (Map<?, ?>) gql.data(admin, "{ logs(source: MONITOR, level: ERROR) { entries { level } } }")
                .get("logs");
        ((List<?>) errors.get("entries"))
                .forEach(e -> assertThat(((Map<?, ?>) e).get("level")).isEqualTo("ERROR"));
    }

    @Test
    void apiTokensNeverShowTheirSecretButOnceAtCreation() {
        Map<?, ?> created = (Map<?, ?>) gql.data(
                        maintainer,
                        "mutation { createApiToken(name: \"ci-gql\") { token { id name revoked } secret } }")
                .get("createApiToken");
        String secret = (String) created.get("secret");
        assertThat(secret).hasSizeGreaterThan(40);
        String all = gql.data(
                        maintainer, "{ apiTokens { id name description createdAt expiresAt lastUsedAt revoked } }")
                .toString();
        assertThat(all).contains("ci-gql").doesNotContain(secret);
        String id = (String) ((Map<?, ?>) created.get("token")).get("id");
        assertThat(gql.data(maintainer, "mutation { revokeApiToken(id: " + id + ") { revoked } }"))
                .isEqualTo(Map.of("revokeApiToken", Map.of("revoked", true)));
    }

    @Test
    void systemInfoDescribesTheMachine() {
        Map<?, ?> info = (Map<?, ?>) gql.data(
                        admin,
                        "{ systemInfo { hostname os cores loadAverage memoryTotalBytes memoryFreeBytes diskTotalBytes"
                                + " diskFreeBytes monitorVersion javaVersion sandbox } }")
                .get("systemInfo");
        assertThat((Integer) info.get("cores")).isPositive();
        assertThat((Double) info.get("diskTotalBytes")).isPositive();
        assertThat((Double) info.get("memoryTotalBytes")).isPositive();
        assertThat((String) info.get("sandbox")).isNotBlank();
    }

    @Test
    void activatingATestprogramThatBuildsMakesItTheBuildTheTaskRunnerFlashes() {
        String id = (String)
                ((Map<?, ?>) gql.data(maintainer, "mutation { createTestprogram(name: \"mine\") { id active } }")
                                .get("createTestprogram"))
                        .get("id");
        Map<?, ?> activated = (Map<?, ?>) gql.data(
                        maintainer,
                        "mutation { activateTestprogram(id: " + id + ") { name active latestBuild { status } } }")
                .get("activateTestprogram");
        assertThat(activated.get("active")).isEqualTo(true);
        assertThat(((Map<?, ?>) activated.get("latestBuild")).get("status")).isEqualTo("OK");
        GraphQLDependencies deps = monitor.monitor.graphQLDependencies();
        assertThat(deps.activeBuild().get().testprogram()).isEqualTo("mine");
        assertThat(gql.data(maintainer, "{ activeTestprogram { name } }"))
                .isEqualTo(Map.of("activeTestprogram", Map.of("name", "mine")));
        // deleting the active one makes the built-in one active again, and its build the one to flash
        assertThat(gql.data(maintainer, "mutation { deleteTestprogram(id: " + id + ") }"))
                .isEqualTo(Map.of("deleteTestprogram", true));
        assertThat(gql.data(maintainer, "{ activeTestprogram { name builtIn } }"))
                .isEqualTo(Map.of("activeTestprogram", Map.of("name", "default", "builtIn", true)));
        assertThat(deps.activeBuild().get().testprogram()).isEqualTo("default");
        assertThat(codes(gql.run(maintainer, "mutation { deleteTestprogram(id: " + id + ") }")))
                .containsOnly("BAD_USER_INPUT");
    }

    @Test
    void runsArePagedAndFilteredAndARunHasItsResults() {
        var runs = new dev.hive.monitor.task.RunRepository(monitor.monitor.database(), java.time.Clock.systemUTC());
        long finished = runs.createQueued("{}", "a".repeat(64), java.util.Optional.empty())
                .id();
        runs.transition(finished, dev.hive.monitor.task.RunState.RUNNING, java.util.Optional.empty());
        runs.transition(finished, dev.hive.monitor.task.RunState.FINISHED, java.util.Optional.empty());
        new dev.hive.monitor.task.ResultRepository(monitor.monitor.database())
                .append(new dev.hive.monitor.task.TestResult(
                        finished,
                        "t1",
                        "<b>first</b> test",
                        java.util.Optional.of("C"),
                        java.util.Optional.of("m"),
                        java.util.Optional.of(0),
                        java.util.Optional.of("probe"),
                        java.util.Optional.of("S1"),
                        java.util.Optional.of(0),
                        java.util.Optional.of(1),
                        java.util.Optional.of("sifive_e"),
                        dev.hive.protocol.run.TestStatus.FAILED,
                        java.util.Optional.of("expected 1"),
                        java.util.Optional.empty(),
                        java.util.Optional.of(java.time.Instant.now()),
                        java.util.Optional.of(java.time.Duration.ofMillis(12))));
        long queued = runs.createQueued("{}", "b".repeat(64), java.util.Optional.empty())
                .id();
        Map<?, ?> page = (Map<?, ?>)
                gql.data(admin, "{ runs(limit: 10, filter: { states: [FINISHED] }) { total runs { id state } } }")
                        .get("runs");
        assertThat(page.toString()).contains("id=" + finished).doesNotContain("id=" + queued + ",");
        Map<?, ?> run = (Map<?, ?>) gql.data(
                        admin,
                        "{ run(id: " + finished + ") { state queuePosition summary { passed failed } results {"
                                + " displayName status target slot durationMillis message } } }")
                .get("run");
        assertThat(run.get("state")).isEqualTo("FINISHED");
        assertThat(run.get("queuePosition")).isEqualTo(0);
        assertThat(run.get("results"))
                .isEqualTo(List.of(Map.<String, Object>of(
                        "displayName",
                        "<b>first</b> test",
                        "status",
                        "FAILED",
                        "target",
                        "sifive_e",
                        "slot",
                        1,
                        "durationMillis",
                        12,
                        "message",
                        "expected 1")));
        assertThat(gql.data(admin, "{ run(id: 999999) { id } }"))
                .isEqualTo(java.util.Collections.singletonMap("run", null));
        assertThat(gql.data(admin, "{ queue { id } }")).isEqualTo(Map.of("queue", List.of()));
        ExecutionResult ended = gql.run(admin, "mutation { cancelRun(id: " + finished + ") { state } }");
        assertThat(codes(ended)).containsOnly("CONFLICT");
        assertThat(ended.getErrors().get(0).getMessage()).contains("already ended");
    }

    @Test
    void changingTheOwnPasswordNeedsTheOldOne() {
        gql.data(
                admin,
                "mutation { createUser(name: \"changer\", password: \"first password\", role: MAINTAINER) { id } }");
        Viewer changer = InProcess.as(monitor.user("changer"));
        assertThat(codes(gql.run(
                        changer,
                        "mutation { changePassword(oldPassword: \"wrong one!\", newPassword: \"second password\") }")))
                .containsOnly("BAD_USER_INPUT");
        assertThat(
                        gql.data(
                                changer,
                                "mutation { changePassword(oldPassword: \"first password\", newPassword: \"second password\") }"))
                .isEqualTo(Map.of("changePassword", true));
        Viewer from = Viewer.anonymous("10.3.0.1", Viewer.SessionCookies.NONE);
        assertThat(codes(gql.run(from, "mutation { login(name: \"changer\", password: \"first password\") { id } }")))
                .containsOnly("UNAUTHENTICATED");
        assertThat(gql.run(from, "mutation { login(name: \"changer\", password: \"second password\") { id } }")
                        .getErrors())
                .isEmpty();
    }
}
