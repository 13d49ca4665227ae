package dev.hive.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An HTTP error answer from the monitor: its status and the message of its JSON body.
 *
 * @param status the HTTP status
 * @param message the body's {@code error} field, or the body itself when it is not the monitor's JSON error
 * @param body the body as JSON, or null when it was not JSON
 */
public record MonitorError(int status, String message, JsonNode body) {}
