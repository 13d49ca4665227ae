/**
 * Test support for the fleet, published as this module's test-jar: a real NATS hub process that the monitor's and the
 * CLI's fleet tests and the fleet benchmark start alike, instead of one launcher each. Nothing here is in the
 * protocol's own JAR.
 */
package dev.hive.protocol.fleet.testing;
