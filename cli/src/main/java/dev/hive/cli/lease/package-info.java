/**
 * The client side of leases ({@code docs/leases.md}): the REST calls, a lease stream's WebSocket bridged to a byte
 * stream with one blocking thread per direction (a TCP connection for {@code hive gdb}, stdin/stdout for {@code hive
 * gdb --pipe} and {@code hive console}), and the warning five minutes before a lease ends.
 */
package dev.hive.cli.lease;
