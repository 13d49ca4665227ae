/**
 * Values that describe rack hardware on the wire: the architecture of a target, its memory regions, and the
 * rack description the monitor hands the runner (channels and their probes, stacks and their slots, the
 * targets and their testprogram). The rack module builds its model from these values and the runner
 * receives them in {@code welcome}, so both ends agree on one spelling without the runner depending on the
 * rack module.
 */
package dev.hive.protocol.rack;
