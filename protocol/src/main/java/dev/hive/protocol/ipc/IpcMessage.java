package dev.hive.protocol.ipc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Optional;
import java.util.Set;

/**
 * One line of the monitor ↔ runner conversation. The {@code type} field of the JSON object names the record;
 * the names are those of {@code docs/ipc.md}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = IpcMessage.TYPE_FIELD)
@JsonSubTypes({
    @JsonSubTypes.Type(value = Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = Refused.class, name = "refused"),
    @JsonSubTypes.Type(value = Connect.class, name = "connect"),
    @JsonSubTypes.Type(value = Disconnect.class, name = "disconnect"),
    @JsonSubTypes.Type(value = Connected.class, name = "connected"),
    @JsonSubTypes.Type(value = TestStarted.class, name = "testStarted"),
    @JsonSubTypes.Type(value = TestFinished.class, name = "testFinished"),
    @JsonSubTypes.Type(value = Log.class, name = "log"),
    @JsonSubTypes.Type(value = RunFailed.class, name = "runFailed"),
    @JsonSubTypes.Type(value = RunFinished.class, name = "runFinished"),
    @JsonSubTypes.Type(value = TargetLost.class, name = "targetLost"),
    @JsonSubTypes.Type(value = Cancel.class, name = "cancel")
})
public sealed interface IpcMessage
        permits Hello,
                Welcome,
                Refused,
                Connect,
                Disconnect,
                Connected,
                TestStarted,
                TestFinished,
                Log,
                RunFailed,
                RunFinished,
                TargetLost,
                Cancel {

    /** The name of the JSON field that holds the message type. */
    String TYPE_FIELD = "type";

    /** This message's type as it appears in the {@code type} field, e.g. {@code testFinished}. */
    default String type() {
        return MessageTypes.nameOf(getClass());
    }

    /** Every message type name, in the order of {@code docs/ipc.md}. */
    static Set<String> typeNames() {
        return MessageTypes.names();
    }

    /** The record class of the message type {@code name}, if there is one. */
    static Optional<Class<? extends IpcMessage>> typeClass(String name) {
        return Optional.ofNullable(MessageTypes.classOf(name));
    }
}
