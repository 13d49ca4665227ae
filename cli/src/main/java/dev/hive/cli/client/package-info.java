/**
 * The monitor's HTTP API and run WebSocket ({@code docs/api.md}) seen from the CLI, on the JDK's own
 * {@link java.net.http.HttpClient}: JSON requests, the multipart upload with byte progress, TLS settings, and the
 * translation of transport and HTTP errors into messages and exit codes. A lease's byte stream runs on a small
 * blocking RFC 6455 client of the CLI's own instead ({@link dev.hive.cli.client.StreamSocket}, opened by
 * {@link dev.hive.cli.client.WebSocketHandshake}): a GDB round trip through the JDK's client cost 0.1-0.2 ms more.
 */
package dev.hive.cli.client;
