package dev.hive.protocol.ipc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The message type names, read once from the {@link JsonSubTypes} of {@link IpcMessage}: one spelling. */
final class MessageTypes {

    private static final Map<String, Class<? extends IpcMessage>> CLASSES;
    private static final Map<Class<?>, String> NAMES;

    static {
        var classes = new LinkedHashMap<String, Class<? extends IpcMessage>>();
        var names = new LinkedHashMap<Class<?>, String>();
        for (JsonSubTypes.Type type :
                IpcMessage.class.getAnnotation(JsonSubTypes.class).value()) {
            classes.put(type.name(), type.value().asSubclass(IpcMessage.class));
            names.put(type.value(), type.name());
        }
        CLASSES = Collections.unmodifiableMap(classes);
        NAMES = Collections.unmodifiableMap(names);
    }

    private MessageTypes() {}

    static Set<String> names() {
        return CLASSES.keySet();
    }

    static Class<? extends IpcMessage> classOf(String name) {
        return CLASSES.get(name);
    }

    static String nameOf(Class<?> type) {
        return NAMES.get(type);
    }
}
