/**
 * Leases: a user holds one target, and the testchannel serving it, for interactive work (a debugger through
 * {@code hive gdb}, the UART through {@code hive console}) for a bounded time. The monitor's clock ends a lease,
 * never the client's; a lease with no stream attached for a while is reclaimed; while a lease holds a target,
 * batch runs leave it and its channel out ({@link dev.hive.monitor.lease.LeaseReservations}); when it ends, its
 * streams are closed (the GDB servers started for it from the rack file are stopped, the probes' GDB serial
 * devices and the UART devices it opened are closed) and the target is
 * reflashed. Every lease is kept with who, when, why and how it ended.
 * See {@code docs/leases.md}.
 */
package dev.hive.monitor.lease;
