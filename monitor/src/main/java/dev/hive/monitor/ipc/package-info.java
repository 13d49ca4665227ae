/**
 * The monitor's end of the runner IPC (docs/ipc.md): {@link dev.hive.monitor.ipc.RunnerLink} serves one run's
 * runner over a Unix domain socket in the run's directory, {@link dev.hive.monitor.ipc.RackDescriptions} describes
 * the rack for its {@code welcome}. The runner is untrusted: what it sends is bounded and validated, and anything
 * wrong ends the run with a {@link dev.hive.monitor.ipc.RunnerFailure}. Depends only on the protocol, the rack,
 * junixsocket and SLF4J.
 */
package dev.hive.monitor.ipc;
