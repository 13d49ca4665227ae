package dev.hive.monitor.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.run.Filter;
import dev.hive.protocol.run.RunOptions;
import dev.hive.protocol.run.TestSelection;
import java.io.IOException;
import java.time.Duration;

/** Reads a stored run's options for the task runner, within the configured limits. */
final class RunOptionsReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunOptionsReader() {}

    /** Reads a run's options; timeouts missing or above the configured limits are set to those limits. */
    static RunOptions read(String optionsJson, TaskRunner.Settings settings) throws IOException {
        JsonNode node =
                optionsJson == null || optionsJson.isBlank() ? JSON.createObjectNode() : JSON.readTree(optionsJson);
        if (!node.isObject()) {
            throw new IOException("the run options are not a JSON object");
        }
        Filter probes = node.hasNonNull("probes") ? JSON.treeToValue(node.get("probes"), Filter.class) : null;
        Filter targets = node.hasNonNull("targets") ? JSON.treeToValue(node.get("targets"), Filter.class) : null;
        long test = clamp(node.path("testTimeoutMillis").asLong(0), settings.testTimeout());
        long run = clamp(node.path("runTimeoutMillis").asLong(0), settings.runLimit());
        TestSelection selection =
                node.hasNonNull("selection") ? JSON.treeToValue(node.get("selection"), TestSelection.class) : null;
        return new RunOptions(probes, targets, test, run, selection);
    }

    private static long clamp(long asked, Duration max) {
        long limit = Math.max(1, max.toMillis());
        return asked <= 0 ? limit : Math.min(asked, limit);
    }
}
