/**
 * The monitor's configuration exists once, as an immutable {@link dev.hive.monitor.config.MonitorConfig}
 * loaded and validated at start from a YAML file and environment overrides, so no other code reads files or
 * the environment for settings, and a bad value stops the monitor with a message naming the key and where
 * the value came from. The keys are documented in {@code docs/monitor-config.md}.
 */
package dev.hive.monitor.config;
