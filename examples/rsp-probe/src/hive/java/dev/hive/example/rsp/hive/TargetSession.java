package dev.hive.example.rsp.hive;

import dev.hive.example.rsp.RspException;
import dev.hive.example.rsp.RspSession;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The suite's one session with the target it runs on: kept in the store of the test plan's root, which the runner
 * executes once per target, so every test class on that target uses it, and JUnit closes it (the session detaches)
 * when the target's tests are done. Tests run one at a time on a target.
 */
final class TargetSession implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TargetSession.class);

    private RspSession session;

    static TargetSession of(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(TargetSession.class, k -> new TargetSession(), TargetSession.class);
    }

    /** The open session, or a new one through {@code endpoint}. */
    synchronized RspSession open(String endpoint) throws RspException {
        if (session == null || !session.isOpen()) {
            session = RspSession.open(endpoint);
        }
        return session;
    }

    /** Detaches (removing every breakpoint the session set) and forgets the session; the next test opens one. */
    synchronized void end() throws RspException {
        RspSession ending = session;
        session = null;
        if (ending != null) {
            ending.detach();
        }
    }

    /**
     * Called by JUnit after the target's last test. A detach that fails here (the target was lost, say) is not a
     * test's failure: every test already has its result, and the session is closed either way.
     */
    @Override
    public void close() {
        try {
            end();
        } catch (RspException e) {
            System.err.println("detaching after the target's tests: " + e.getMessage());
        }
    }
}
