/**
 * The monitor's HTTP surface for the CLI and CI: {@code /healthz} and the token-guarded {@code /api/v1} routes
 * (capabilities, run submission, history, results, JUnit XML, cancel). It is an edge: it calls the features
 * ({@code auth}, {@code task}) and they never call it. Blocking work runs on the named executors of
 * {@link dev.hive.monitor.web.Executors}; every error leaves through {@link dev.hive.monitor.web.FailureHandler}
 * as JSON.
 */
package dev.hive.monitor.web;
