/**
 * The conversation between the monitor and the runner it starts: JSON Lines over a Unix domain socket, one
 * {@link dev.hive.protocol.ipc.IpcMessage} per line (see {@code docs/ipc.md}). Both ends depend on this
 * package and never on each other. The runner is untrusted, so decoding is strict and bounded: {@link
 * dev.hive.protocol.ipc.IpcReader} refuses over-long lines before buffering them, {@link
 * dev.hive.protocol.ipc.IpcCodec} turns every malformed line into an {@link
 * dev.hive.protocol.ipc.IpcProtocolException} that names the message type and field, and {@link
 * dev.hive.protocol.ipc.IpcWriter} lets the runner's channel threads stream results without a queue.
 */
package dev.hive.protocol.ipc;
