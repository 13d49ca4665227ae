package dev.hive.protocol.ipc;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.IsoInstant;
import dev.hive.protocol.wire.Required;
import java.time.Instant;

/**
 * A test starts on a cell; the monitor shows it as running until its {@link TestFinished}.
 *
 * @param testId the test's unique id within the suite
 * @param displayName the name to show
 * @param cell where it runs
 * @param startedAt when it started
 */
public record TestStarted(
        @Required String testId,
        @Required String displayName,
        @Required Cell cell,
        @Required
                @JsonSerialize(using = IsoInstant.Serializer.class)
                @JsonDeserialize(using = IsoInstant.Deserializer.class)
                Instant startedAt)
        implements IpcMessage {

    public TestStarted {
        Fields.required(testId, "testId");
        Fields.required(displayName, "displayName");
        Fields.required(cell, "cell");
        Fields.required(startedAt, "startedAt");
    }
}
