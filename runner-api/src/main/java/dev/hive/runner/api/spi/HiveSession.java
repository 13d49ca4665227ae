package dev.hive.runner.api.spi;

import dev.hive.runner.api.HiveContext;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;

/**
 * What the runner hands the hive extension for one execution of the suite on one channel and target. The
 * runner opens a JUnit launcher session per execution and puts the session into the launcher session's store
 * under {@link #NAMESPACE} and {@link #KEY}; the extension finds it there. Hive tests never use this type.
 *
 * @param context what tests receive: probe, target, testchannel, rack capabilities
 * @param guard wraps every invocation of test code (test methods, lifecycle methods): the runner's time
 *     limits, a lost target and a cancelled run act here
 */
public record HiveSession(HiveContext context, InvocationInterceptor guard) {

    /** The one part of the store namespace the session is kept under. */
    public static final String NAMESPACE = "dev.hive.runner";

    /** The key the session is kept under. */
    public static final String KEY = "session";

    public HiveSession {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(guard, "guard");
    }

    /** The session of the launcher session {@code extensionContext} belongs to; empty outside a Hive runner. */
    public static Optional<HiveSession> find(ExtensionContext extensionContext) {
        var store = extensionContext.getStore(
                ExtensionContext.StoreScope.LAUNCHER_SESSION, ExtensionContext.Namespace.create(NAMESPACE));
        return Optional.ofNullable(store.get(KEY, HiveSession.class));
    }
}
