/**
 * The events a run's WebSocket carries from the monitor to the client (docs/api.md): queue position, phase
 * changes, tests started and finished, log lines and the end of the run.
 */
package dev.hive.protocol.events;
