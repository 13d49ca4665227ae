/**
 * The target catalog: every target name an admin may put in a slot, with its core and memory map, and for
 * emulated boards how QEMU starts them. The data lives in {@code targets.yaml} so adding a chip needs no code.
 */
package dev.hive.rack.catalog;
