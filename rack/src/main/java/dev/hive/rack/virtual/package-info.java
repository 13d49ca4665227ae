/**
 * The virtual backend: a rack of QEMU microcontrollers whose GDB stubs act as debug probes. Each target slot
 * is one QEMU process, controlled over QMP; each testchannel has a virtual probe, a stable Unix socket that a
 * virtual bus switch splices to the GDB stub (and the UART) of the target it connects. It lets the whole product
 * run, and be tested, on any Linux machine with QEMU.
 */
package dev.hive.rack.virtual;
