package dev.hive.monitor.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hive.monitor.config.FleetConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The hub's permission file: a {@code nats-server} {@code authorization} block with one user for the front
 * and one per rack, each allowed only its subjects, generated from the fleet's racks file so admins do not
 * write it by hand ({@code hive-monitor fleet-hub-config}, docs/fleet.md).
 *
 * <p>A rack may: put its own inventory key; read the inventory bucket and the runner store; pull from, renew
 * and acknowledge on the consumers of its own targets and on its own consumer of the runs pinned to it; store events; listen to cancels and to the publications of the shards it may claim; receive replies on its
 * own inbox ({@code _INBOX_<rackId>.>}). It may not publish runs, create or delete streams or consumers of the
 * work queue, put another rack's key, or pull from another target's consumer: the hub refuses with
 * {@code Permissions Violation}. The front may use the whole JetStream API (it sets up the hub) and publish
 * runs and cancels. Passwords are stored as bcrypt hashes.
 */
public final class HubPermissions {

    /** The racks file: the front's and each rack's user (= its rack id), password and targets. */
    public record Fleet(Front front, List<Rack> racks) {}

    public record Front(@JsonProperty("id") String id, @JsonProperty("password") String password) {}

    public record Rack(
            @JsonProperty("id") String id,
            @JsonProperty("password") String password,
            @JsonProperty("targets") List<String> targets) {}

    private static final int BCRYPT_COST = 11;
    private static final String JS = "$JS.API.";
    private static final String KV_STREAM = "KV_" + InventoryPublisher.BUCKET;
    private static final String OBJ_STREAM = "OBJ_" + RunnerStore.BUCKET;

    private final SecureRandom random = new SecureRandom();

    /**
     * Reads a racks file (YAML).
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static Fleet read(Path file) throws IOException {
        var mapper = new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Fleet fleet;
        try {
            fleet = mapper.readValue(file.toFile(), Fleet.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(
                    "the racks file " + file + " is not valid: " + e.getOriginalMessage(), e);
        }
        if (fleet == null) {
            throw new IllegalArgumentException("the racks file " + file + " is empty");
        }
        check(fleet, file);
        return fleet;
    }

    private static void check(Fleet fleet, Path file) {
        String in = " in the racks file " + file;
        if (fleet.front() == null) {
            throw new IllegalArgumentException("'front' (id and password of the front) is missing" + in);
        }
        checkUser("front", fleet.front().id(), fleet.front().password(), in);
        if (fleet.racks() == null || fleet.racks().isEmpty()) {
            throw new IllegalArgumentException("'racks' lists no rack" + in);
        }
        Set<String> ids = new HashSet<>(List.of(fleet.front().id()));
        for (Rack rack : fleet.racks()) {
            checkUser("a rack", rack.id(), rack.password(), in);
            if (!ids.add(rack.id())) {
                throw new IllegalArgumentException("the id '" + rack.id() + "' is used twice" + in);
            }
            if (rack.targets() == null || rack.targets().isEmpty()) {
                throw new IllegalArgumentException("rack '" + rack.id() + "' lists no target" + in);
            }
        }
    }

    private static void checkUser(String what, String id, String password, String in) {
        if (id == null || !FleetConfig.RACK_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "the id of " + what + " ('" + id + "') must be a rack id (letters," + " digits, '-' and '_')" + in);
        }
        if (password == null || password.length() < 12) {
            throw new IllegalArgumentException("the password of '" + id + "' must have at least 12 characters" + in);
        }
    }

    /** The {@code nats-server} configuration: an {@code authorization} block (a file of its own, or included). */
    public String render(Fleet fleet) {
        var out = new StringBuilder();
        out.append("# The hub's permission file, generated by `hive-monitor fleet-hub-config` (docs/fleet.md).\n");
        out.append(
                "# Regenerate it when a rack or a rack's targets change, then reload: nats-server --signal reload\n");
        out.append("authorization {\n  users = [\n");
        user(
                out,
                fleet.front().id(),
                fleet.front().password(),
                frontPublish(),
                frontSubscribe(fleet.front().id()));
        for (Rack rack : fleet.racks()) {
            user(out, rack.id(), rack.password(), rackPublish(rack), rackSubscribe(rack));
        }
        out.append("  ]\n}\n");
        return out.toString();
    }

    /** What the front may publish: it sets up the hub (the whole JetStream API), publishes runs and cancels. */
    static List<String> frontPublish() {
        return List.of(JS + ">", "$JS.FC.>", "hive.v1.runs.>", "hive.v1.cancel.>", "$O." + RunnerStore.BUCKET + ".>");
    }

    static List<String> frontSubscribe(String id) {
        return List.of(
                HubOptions.inboxPrefix(id) + ".>",
                "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + HubResources.RUNS_STREAM + ".*");
    }

    /** What a rack may publish: see the class comment. */
    static List<String> rackPublish(Rack rack) {
        List<String> allow = new ArrayList<>(List.of(
                JS + "INFO",
                // the inventory bucket: read every rack's entry, put only its own
                JS + "STREAM.INFO." + KV_STREAM,
                JS + "CONSUMER.CREATE." + KV_STREAM,
                JS + "CONSUMER.CREATE." + KV_STREAM + ".>",
                JS + "CONSUMER.DELETE." + KV_STREAM + ".>",
                JS + "CONSUMER.INFO." + KV_STREAM + ".>",
                JS + "STREAM.MSG.GET." + KV_STREAM,
                JS + "DIRECT.GET." + KV_STREAM,
                JS + "DIRECT.GET." + KV_STREAM + ".>",
                "$KV." + InventoryPublisher.BUCKET + "." + rack.id(),
                // the runner store: read only
                JS + "STREAM.INFO." + OBJ_STREAM,
                JS + "CONSUMER.CREATE." + OBJ_STREAM,
                JS + "CONSUMER.CREATE." + OBJ_STREAM + ".>",
                JS + "CONSUMER.DELETE." + OBJ_STREAM + ".>",
                JS + "CONSUMER.INFO." + OBJ_STREAM + ".>",
                JS + "STREAM.MSG.GET." + OBJ_STREAM,
                JS + "DIRECT.GET." + OBJ_STREAM,
                JS + "DIRECT.GET." + OBJ_STREAM + ".>",
                "$JS.FC.>",
                // events of the shards it runs
                JS + "STREAM.INFO." + HubResources.EVENTS_STREAM,
                "hive.v1.ev.>"));
        List<String> consumers = new ArrayList<>(List.of(HubResources.pinnedConsumer(rack.id())));
        rack.targets().stream().distinct().map(HubResources::consumer).forEach(consumers::add);
        for (String name : consumers) {
            String consumer = HubResources.RUNS_STREAM + "." + name;
            allow.add(JS + "CONSUMER.INFO." + consumer);
            allow.add(JS + "CONSUMER.MSG.NEXT." + consumer);
            allow.add("$JS.ACK." + consumer + ".>");
        }
        return allow;
    }

    /**
     * What a rack may listen to: its inbox, the cancels, and (its doorbell, {@link WorkDoorbell}) the publications
     * of its own targets' shards and of the runs pinned to it, which it may claim anyway.
     */
    static List<String> rackSubscribe(Rack rack) {
        List<String> allow = new ArrayList<>(List.of(HubOptions.inboxPrefix(rack.id()) + ".>", "hive.v1.cancel.*"));
        allow.addAll(WorkDoorbell.subjects(rack.id(), rack.targets()));
        return allow;
    }

    private void user(StringBuilder out, String id, String password, List<String> publish, List<String> subscribe) {
        out.append("    {\n      user: \"").append(id).append("\"\n");
        out.append("      password: \"").append(bcrypt(password)).append("\"\n");
        out.append("      permissions: {\n");
        out.append("        publish: { allow: ").append(list(publish)).append(" }\n");
        out.append("        subscribe: { allow: ").append(list(subscribe)).append(" }\n");
        out.append("      }\n    }\n");
    }

    private static String list(List<String> subjects) {
        return subjects.stream()
                .map(s -> "\"" + s + "\"")
                .collect(java.util.stream.Collectors.joining(",\n          ", "[\n          ", "\n        ]"));
    }

    private String bcrypt(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2a", password.getBytes(StandardCharsets.UTF_8), salt, BCRYPT_COST);
    }
}
