/**
 * The desync check: before any test runs, every probe the monitor lists must be reachable from the runner's
 * side (its socket answers, its device exists, its USB serial matches), or the run ends as an infrastructure
 * error that names the probe.
 */
package dev.hive.runner.desync;
