package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.health.Health;
import dev.hive.monitor.health.HealthChange;
import dev.hive.monitor.web.graphql.Browser;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.run.RunPhase;
import dev.hive.rack.model.SlotAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease asked for with {@code wait} while a run is in progress, against a real monitor and virtual rack (two boards
 * on two stacks, two channels; {@code docs/leases.md}, "Waiting for a run"). A runner that idles until it is cancelled
 * keeps the rack busy and a second run waits in the queue: the waiting lease is pending (202, listed, with the run),
 * another user's waiting lease of the same target and a cancelled one never get it, and when the run ends the lease is
 * granted before the queued run starts, which then runs around the leased target. The same from the dashboard's
 * GraphQL (a logged-in web user, {@code createLease(wait: true)}, polled with {@code lease(id)}).
 */
class LeaseWaitIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static FaultRunners runners;
    static String bob;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(
                dir.resolve("monitor"), LeaseRunIT.RACK, "", dev.hive.monitor.task.RunnerLauncher.javaJar());
        runners = new FaultRunners(dir.resolve("runners"));
        bob = new ApiTokenRepository(live.monitor.database(), Clock.systemUTC())
                .create("bob", "a second developer", Optional.empty())
                .plaintext();
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return live.send(HttpRequest.newBuilder(URI.create(live.base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return live.json.readTree(response.body());
    }

    @Test
    void aWaitingLeaseIsGrantedWhenTheRunEndsBeforeTheQueuedRunStarts() throws Exception {
        Path idle = runners.idlesUntilCancelled();
        LiveMonitor.Submitted busy = live.submit(idle, null);
        RunStream busyStream = live.stream(busy.ticket());
        busyStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);
        LiveMonitor.Submitted next = live.submit(idle, null);
        RunStream nextStream = live.stream(next.ticket());
        nextStream.await(Queued.class, q -> q.position() == 1, WAIT);

        // without wait: 409 as before, naming the run, with the hint
        HttpResponse<String> refused = post("/api/v1/leases", "{\"target\":\"sifive_e\"}", live.token);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText())
                .startsWith("run " + busy.runId() + " is using the rack")
                .contains("--wait");

        // with wait: pending, 202, listed with the run it waits for
        HttpResponse<String> asked =
                post("/api/v1/leases", "{\"target\":\"sifive_e\",\"minutes\":5,\"wait\":true}", live.token);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode pending = json(asked);
        long id = pending.path("id").asLong();
        assertThat(pending.path("state").asText()).isEqualTo("pending");
        assertThat(pending.path("waitsForRun").asLong()).isEqualTo(busy.runId());
        assertThat(pending.has("grantedAt")).isFalse();
        // bob waits for the same target after it; a third waiting lease is cancelled by its holder
        HttpResponse<String> bobs = post("/api/v1/leases", "{\"target\":\"sifive_e\",\"wait\":true}", bob);
        assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(202);
        long bobsId = json(bobs).path("id").asLong();
        long cancelledId = json(post("/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"wait\":true}", live.token))
                .path("id")
                .asLong();
        HttpResponse<String> cancel = live.delete("/api/v1/leases/" + cancelledId);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(json(cancel).path("state").asText()).isEqualTo("ended");
        assertThat(json(cancel).path("end").asText()).isEqualTo("released");
        assertThat(live.getJson("/api/v1/leases").path("leases"))
                .extracting(l -> l.path("id").asLong() + " " + l.path("state").asText())
                .containsExactly(id + " pending", bobsId + " pending");
        // a pending lease has no stream yet
        HttpResponse<String> ticket = post("/api/v1/leases/" + id + "/tickets", "{\"stream\":\"gdb\"}", live.token);
        assertThat(ticket.statusCode()).isEqualTo(409);
        assertThat(json(ticket).path("error").asText())
                .isEqualTo("lease " + id + " is pending: it is granted when run " + busy.runId() + " ends");

        Instant beforeEnd = Instant.now();
        assertThat(live.delete("/api/v1/runs/" + busy.runId()).statusCode()).isEqualTo(202);
        assertThat(busyStream.awaitEnded(WAIT).state()).isEqualTo("cancelled");
        nextStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);

        JsonNode granted = live.getJson("/api/v1/leases/" + id);
        assertThat(granted.path("state").asText()).isEqualTo("open");
        Instant grantedAt = Instant.parse(granted.path("grantedAt").asText());
        assertThat(grantedAt).isAfter(beforeEnd);
        assertThat(Instant.parse(granted.path("expiresAt").asText()))
                .as("its minutes count from the grant")
                .isEqualTo(grantedAt.plus(Duration.ofMinutes(5)));
        assertThat(live.monitor
                        .rack()
                        .backend()
                        .connection(granted.path("probe").asInt()))
                .contains(new SlotAddress(1, 0));
        HttpResponse<String> bobsNow =
                live.send(HttpRequest.newBuilder(URI.create(live.base + "/api/v1/leases/" + bobsId))
                        .header("Authorization", "Bearer " + bob)
                        .GET()
                        .build());
        JsonNode bobsLease = json(bobsNow);
        assertThat(bobsLease.path("state").asText()).isEqualTo("ended");
        assertThat(bobsLease.path("end").asText()).isEqualTo("refused");
        assertThat(bobsLease.path("endMessage").asText())
                .startsWith("not granted when run " + busy.runId() + " ended: target 1/0 is leased (lease " + id
                        + " by token:it");
        // the queued run began after the grant: it was told the target is leased
        String until = granted.path("expiresAt").asText();
        long logDeadline = System.nanoTime() + WAIT.toNanos();
        while (nextStream.all(LogLine.class).stream()
                        .noneMatch(l -> l.message().startsWith("target sifive_e (1/0) is left out of this run"))
                && System.nanoTime() < logDeadline) {
            Thread.sleep(50);
        }
        assertThat(nextStream.all(LogLine.class).stream().map(LogLine::message))
                .contains("target sifive_e (1/0) is left out of this run: leased (lease " + id + " by token:it) until "
                        + until);

        assertThat(live.delete("/api/v1/runs/" + next.runId()).statusCode()).isEqualTo(202);
        RunEnded nextEnded = nextStream.awaitEnded(WAIT);
        assertThat(nextEnded.state()).isEqualTo("cancelled");
        assertThat(live.delete("/api/v1/leases/" + id).statusCode()).isEqualTo(200);
        assertThat(live.monitor.leases().awaitRestored(WAIT)).isTrue();
        awaitRackFree();
    }

    @Test
    void aWebUsersLeaseWaitsForTheRunOverGraphQLAndOnlyItsHolderCancelsIt() throws Exception {
        String password = "a long enough password";
        live.monitor.graphQLDependencies().users().create("dana", password, Role.MAINTAINER);
        live.monitor.graphQLDependencies().users().create("erin", password, Role.MAINTAINER);
        var dana = new Browser(live.base);
        var erin = new Browser(live.base);
        assertThat(dana.login("dana", password).status()).isEqualTo(200);
        assertThat(erin.login("erin", password).status()).isEqualTo(200);
        String fields = "{ id target slot probe holder open pending waitsForRun grantedAt expiresAt end endedBy }";

        LiveMonitor.Submitted busy = live.submit(runners.idlesUntilCancelled(), null);
        RunStream busyStream = live.stream(busy.ticket());
        busyStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);
        int stored = live.getJson("/api/v1/leases?all=true").path("leases").size();

        // without wait: the REST API's 409 as a CONFLICT error, same message and hint; nothing stored
        JsonNode refused = dana.post("mutation { createLease(target: \"sifive_e\") { id } }")
                .body();
        assertThat(refused.at("/errors/0/extensions/code").asText())
                .as("%s", refused)
                .isEqualTo("CONFLICT");
        assertThat(refused.at("/errors/0/message").asText())
                .startsWith("run " + busy.runId() + " is using the rack")
                .contains("ask with wait");
        assertThat(live.getJson("/api/v1/leases?all=true").path("leases").size())
                .isEqualTo(stored);

        // with wait: pending, waiting for the run
        JsonNode asked = dana.post(
                        "mutation { createLease(target: \"sifive_e\", minutes: 5, wait: true) " + fields + " }")
                .body();
        assertThat(asked.get("errors")).as("%s", asked).isNull();
        JsonNode pending = asked.at("/data/createLease");
        String id = pending.get("id").asText();
        assertThat(pending.get("pending").asBoolean()).isTrue();
        assertThat(pending.get("open").asBoolean()).isFalse();
        assertThat(pending.get("holder").asText()).isEqualTo("user:dana");
        assertThat(pending.get("waitsForRun").asLong()).isEqualTo(busy.runId());
        assertThat(pending.get("grantedAt").isNull()).isTrue();

        // another user can neither cancel, end nor read it; it stays pending
        JsonNode notYours = erin.post("mutation { releaseLease(id: \"" + id + "\") { id } }")
                .body();
        assertThat(notYours.at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
        assertThat(notYours.at("/errors/0/message").asText()).contains("is not yours (it is user:dana's)");
        assertThat(erin.post("mutation { endLease(id: \"" + id + "\") { id } }")
                        .body()
                        .at("/errors/0/extensions/code")
                        .asText())
                .isEqualTo("FORBIDDEN");
        assertThat(erin.post("{ lease(id: \"" + id + "\") { id } }")
                        .body()
                        .at("/errors/0/extensions/code")
                        .asText())
                .isEqualTo("FORBIDDEN");
        JsonNode still =
                dana.post("{ lease(id: \"" + id + "\") " + fields + " }").body();
        assertThat(still.at("/data/lease/pending").asBoolean()).as("%s", still).isTrue();
        assertThat(still.at("/data/lease/end").isNull()).isTrue();
        assertThat(dana.post("{ lease(id: \"99999\") { id } }")
                        .body()
                        .at("/data/lease")
                        .isNull())
                .as("no such lease: null")
                .isTrue();

        // its holder cancels a second pending lease
        String second = dana.post("mutation { createLease(target: \"lm3s6965evb\", wait: true) { id } }")
                .body()
                .at("/data/createLease/id")
                .asText();
        JsonNode cancelled = dana.post("mutation { releaseLease(id: \"" + second + "\") " + fields + " }")
                .body()
                .at("/data/releaseLease");
        assertThat(cancelled.get("pending").asBoolean()).as("%s", cancelled).isFalse();
        assertThat(cancelled.get("end").asText()).isEqualTo("released");
        assertThat(cancelled.get("endedBy").asText()).isEqualTo("user:dana");

        // the run ends: the first is granted, its minutes counted from the grant
        Instant beforeEnd = Instant.now();
        assertThat(live.delete("/api/v1/runs/" + busy.runId()).statusCode()).isEqualTo(202);
        busyStream.awaitEnded(WAIT);
        JsonNode granted = awaitLease(dana, id, fields, l -> !l.get("pending").asBoolean());
        assertThat(granted.get("open").asBoolean()).as("%s", granted).isTrue();
        Instant grantedAt = Instant.parse(granted.get("grantedAt").asText());
        assertThat(grantedAt).isAfter(beforeEnd);
        assertThat(Instant.parse(granted.get("expiresAt").asText())).isEqualTo(grantedAt.plus(Duration.ofMinutes(5)));
        assertThat(live.monitor.rack().backend().connection(granted.get("probe").asInt()))
                .contains(new SlotAddress(1, 0));

        JsonNode released = dana.post("mutation { releaseLease(id: \"" + id + "\") " + fields + " }")
                .body()
                .at("/data/releaseLease");
        assertThat(released.get("end").asText()).as("%s", released).isEqualTo("released");
        assertThat(live.monitor.leases().awaitRestored(WAIT)).isTrue();
        awaitRackFree();
    }

    /** Asks for lease {@code id} (as its client would while it waits) until {@code done} holds. */
    private static JsonNode awaitLease(
            Browser who, String id, String fields, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode lease = who.post("{ lease(id: \"" + id + "\") " + fields + " }")
                    .body()
                    .at("/data/lease");
            if (done.test(lease)) {
                return lease;
            }
            assertThat(System.nanoTime()).as("lease %s: %s", id, lease).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void waitingForABadTargetIsRefusedAndNothingIsStored() throws Exception {
        SlotAddress arm = new SlotAddress(0, 0);
        live.monitor
                .health()
                .set(
                        arm,
                        Health.BAD,
                        HealthChange.Kind.SET,
                        "user:root",
                        "broken board",
                        Optional.empty(),
                        Optional.empty());
        Path idle = runners.idlesUntilCancelled();
        LiveMonitor.Submitted busy = live.submit(idle, null);
        RunStream busyStream = live.stream(busy.ticket());
        busyStream.await(PhaseChanged.class, p -> p.phase() == RunPhase.RUNNING, WAIT);
        int before = live.getJson("/api/v1/leases?all=true").path("leases").size();
        try {
            HttpResponse<String> bad = post("/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"wait\":true}", live.token);
            assertThat(bad.statusCode()).isEqualTo(409);
            assertThat(json(bad).path("error").asText()).contains("is BAD");
            HttpResponse<String> badFlag =
                    post("/api/v1/leases", "{\"target\":\"sifive_e\",\"wait\":\"yes\"}", live.token);
            assertThat(badFlag.statusCode()).isEqualTo(400);
            assertThat(json(badFlag).path("error").asText()).isEqualTo("'wait' must be true or false, got yes");
            assertThat(live.getJson("/api/v1/leases?all=true").path("leases").size())
                    .isEqualTo(before);
        } finally {
            live.delete("/api/v1/runs/" + busy.runId());
            busyStream.awaitEnded(WAIT);
            live.monitor
                    .health()
                    .set(
                            arm,
                            Health.UNKNOWN,
                            HealthChange.Kind.SET,
                            "user:root",
                            "fixed",
                            Optional.empty(),
                            Optional.empty());
            awaitRackFree();
        }
    }

    /** The run holds the rack until its RESTORING reflash is done, after its end reached the client. */
    private static void awaitRackFree() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (live.monitor.leases().runHoldingRack().isPresent()) {
            assertThat(System.nanoTime()).as("the run released the rack").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
