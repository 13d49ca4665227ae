/**
 * What the monitors of a fleet tell each other through the NATS hub. Every monitor writes, and a front
 * monitor (or a dashboard) reads, so the spelling lives here, pinned by golden files, and not in the monitor
 * that happens to write it. The rack inventory in the {@code hive-racks} key-value bucket, the shards on the work queue and their events; see
 * {@code docs/fleet.md}.
 */
package dev.hive.protocol.fleet;
