/**
 * What every rack backend offers the monitor: bring the hardware up, flash targets, connect a testchannel to
 * a target through the bus switch, reset and power. The virtual backend (QEMU) and the static backend
 * (physical probes, fixed wiring) implement it; the monitor never needs to know which one it talks to.
 */
package dev.hive.rack.backend;
