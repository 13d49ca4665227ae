package dev.hive.monitor.config;

/** How the runner process is confined. */
public enum SandboxMode {
    /** Bubblewrap when it is installed, otherwise none (and the monitor says so loudly). */
    AUTO,
    /** Bubblewrap, and refuse to start without it. */
    BUBBLEWRAP,
    /** No sandbox: the runner sees everything the monitor's user sees. */
    NONE
}
