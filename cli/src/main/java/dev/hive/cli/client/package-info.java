/**
 * The monitor's HTTP API and run WebSocket ({@code docs/api.md}) seen from the CLI, on the JDK's own
 * {@link java.net.http.HttpClient}: JSON requests, the multipart upload with byte progress, TLS settings, and the
 * translation of transport and HTTP errors into messages and exit codes.
 */
package dev.hive.cli.client;
