package dev.hive.protocol.events;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.IsoInstant;
import dev.hive.protocol.wire.Required;
import java.time.Instant;

/** A test started on a cell; its {@link TestFinished} follows. */
public record TestStarted(
        @Required long runId,
        @Required String testId,
        @Required String displayName,
        @Required Cell cell,
        @Required
                @JsonSerialize(using = IsoInstant.Serializer.class)
                @JsonDeserialize(using = IsoInstant.Deserializer.class)
                Instant startedAt)
        implements RunEvent {

    public TestStarted {
        Fields.required(testId, "testId");
        Fields.required(displayName, "displayName");
        Fields.required(cell, "cell");
        Fields.required(startedAt, "startedAt");
    }
}
