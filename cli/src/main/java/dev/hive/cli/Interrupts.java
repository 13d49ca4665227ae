package dev.hive.cli;

/**
 * What a command does when it is interrupted (Ctrl-C, a kill) while it runs: in a process of its own, JVM shutdown
 * hooks; in the CLI's daemon, the actions of that one request, run when its client sends a cancel.
 */
@FunctionalInterface
public interface Interrupts {

    /** JVM shutdown hooks: the plain {@code hive} process. */
    Interrupts SHUTDOWN_HOOKS = action -> {
        Thread hook = new Thread(action, "hive-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        };
    };

    /** Runs {@code action} if the command is interrupted before the returned registration is closed. */
    Registration onInterrupt(Runnable action);

    /** An action registered with {@link #onInterrupt}; closing it withdraws the action. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
