/**
 * The monitor's figures for Prometheus: one Micrometer registry per monitor that Vert.x's own HTTP server and
 * WebSocket meters (vertx-micrometer-metrics) and the rack's meters share: the queue, runs by outcome, run and
 * phase durations, results by status, flashes, targets by state. {@code web} serves it as {@code GET /metrics};
 * the meters and their names are listed in {@code docs/metrics.md}.
 */
package dev.hive.monitor.metrics;
