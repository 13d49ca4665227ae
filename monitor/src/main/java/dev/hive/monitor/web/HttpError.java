package dev.hive.monitor.web;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** A request that ends in an error with a known status and a message for the client. */
public final class HttpError extends RuntimeException {

    private final int status;
    private final JsonObject extra;

    public HttpError(int status, String message) {
        this(status, message, null);
    }

    /** An error whose JSON body carries {@code extra} fields besides {@code error} and {@code status}. */
    public HttpError(int status, String message, JsonObject extra) {
        super(message, null, false, false);
        this.status = status;
        this.extra = extra;
    }

    public int status() {
        return status;
    }

    public Optional<JsonObject> extra() {
        return Optional.ofNullable(extra);
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public static HttpError unsupportedMediaType(String message) {
        return new HttpError(415, message);
    }
}
