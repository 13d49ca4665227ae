package dev.hive.monitor.sandbox;

/**
 * What the monitor shows about the sandbox (e.g. in {@code /healthz}).
 *
 * @param requested the configured mode
 * @param effective {@link SandboxMode#BUBBLEWRAP} or {@link SandboxMode#NONE}
 * @param isolated whether runners are isolated
 * @param message a human-readable explanation (why it is not isolated, or which bwrap is used)
 */
public record SandboxStatus(SandboxMode requested, SandboxMode effective, boolean isolated, String message) {}
