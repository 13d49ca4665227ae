/**
 * The static backend: a rack of physical debug probes, each wired to one target, with no bus switch. It finds
 * probes on USB (usb4java) and tells identical ones apart by serial number, finds serial ports (jSerialComm)
 * and opens a probe's GDB serial port or a target's UART ({@link dev.hive.rack.physical.SerialDevice}), and flashes through an
 * external tool such as probe-rs or OpenOCD given as a command template. Nothing here
 * pretends: a probe that is not plugged in, a port that is missing or a tool that is not installed is reported
 * with the reason, never replaced by a stand-in.
 */
package dev.hive.rack.physical;
