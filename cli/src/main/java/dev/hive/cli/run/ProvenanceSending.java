package dev.hive.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.client.MonitorException;
import dev.hive.cli.report.Console;
import dev.hive.protocol.run.Provenance;
import java.util.function.Function;

/**
 * Sends a run's provenance with its submission, and keeps the run going with a monitor too old to take it: such a
 * monitor refuses the unknown {@code provenance} field or part with 400, and the submission is repeated without it.
 */
final class ProvenanceSending {

    private final MonitorClient client;
    private final Console console;
    private final Provenance provenance;

    ProvenanceSending(MonitorClient client, Console console, Provenance provenance) {
        this.client = client;
        this.console = console;
        this.provenance = provenance;
    }

    /** Adds the {@code provenance} field to a submission, unless there is nothing to say. */
    void addTo(ObjectNode submission) {
        if (!provenance.equals(Provenance.NONE)) {
            submission.set("provenance", client.json().valueToTree(provenance));
        }
    }

    /** Submits with {@code send}; again without the provenance when the monitor does not know the field. */
    JsonNode submit(Function<ObjectNode, JsonNode> send, ObjectNode submission) {
        try {
            return send.apply(submission);
        } catch (MonitorException e) {
            if (!submission.has("provenance") || !refusesProvenance(e)) {
                throw e;
            }
            console.line("The monitor is older than this CLI and does not store a run's provenance; sent without it");
            submission.remove("provenance");
            return send.apply(submission);
        }
    }

    private static boolean refusesProvenance(MonitorException e) {
        return e.error().status() == 400
                && e.error().body() != null
                && e.error().body().path("error").asText().matches("unexpected (field|part) 'provenance'.*");
    }
}
