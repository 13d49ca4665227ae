package dev.hive.runner.suite;

import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Opens the runner's JUnit launcher sessions with the Jupiter engine named, not found: the default {@link
 * LauncherFactory#openSession()} scans the classpath with {@code ServiceLoader} for engines, session, discovery
 * and execution listeners and post-discovery filters at every session. Hive tests are Jupiter tests and the
 * runner reports results through its own listener, so nothing found that way would change a result (the one
 * listener the runner JAR carries, JUnit's {@code UniqueIdTrackingListener}, is off unless configured); leaving
 * the scans out shortens the runner's start (docs/performance.md, "Issue 17, third session").
 */
public final class HiveLauncher {

    private HiveLauncher() {}

    /** A session with the Jupiter engine only and no listeners or filters from the classpath. */
    public static LauncherSession openSession(LauncherDiscoveryListener... discoveryListeners) {
        return LauncherFactory.openSession(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .addLauncherDiscoveryListeners(discoveryListeners)
                .build());
    }
}
