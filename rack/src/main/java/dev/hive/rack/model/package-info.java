/**
 * The rack as the rest of the product sees it: testchannels with their probes, stacks of target slots, what
 * is known about each target, and whether its testprogram was flashed. Plain immutable values; backends
 * produce them, the monitor stores and shows them.
 */
package dev.hive.rack.model;
