package dev.hive.monitor.sandbox;

/** How the runner is isolated. */
public enum SandboxMode {
    /** Bubblewrap when {@code /usr/bin/bwrap} works here, otherwise {@link #NONE} with a loud warning. */
    AUTO,
    /** Always bubblewrap; resolving fails when it does not work. */
    BUBBLEWRAP,
    /** No isolation: the runner is started as a plain process (still in its own session). */
    NONE
}
