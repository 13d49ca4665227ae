package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every failed request leaves as JSON {@code {"error": "...", "status": N}} with
 * the right status, never an empty 500.
 */
final class FailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    private final long uploadLimit;

    FailureHandler(long uploadLimit) {
        this.uploadLimit = uploadLimit;
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        JsonObject body;
        if (failure instanceof HttpError e) {
            body = error(e.status(), e.getMessage());
            e.extra().ifPresent(body::mergeIn);
        } else if (failure instanceof QueueFullException e) {
            long seconds = Math.max(1, e.retryAfter().toSeconds());
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            body = error(503, e.getMessage());
        } else if (failure instanceof NoSuchElementException e) {
            body = error(404, e.getMessage());
        } else if (failure != null) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            body = error(500, "internal error: " + failure);
        } else {
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            body = error(status, messageFor(status, ctx));
        }
        if (body.getInteger("status") == 413 && !ctx.request().isEnded()) {
            // the client may still be sending: read and drop the rest, then close
            ctx.request().handler(ignored -> {}).resume();
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response()
                .setStatusCode(body.getInteger("status"))
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    private String messageFor(int status, RoutingContext ctx) {
        return switch (status) {
            case 404 -> "no such route: " + ctx.request().method() + " "
                    + ctx.request().path();
            case 405 -> "method " + ctx.request().method() + " is not allowed on "
                    + ctx.request().path();
            case 413 -> "the request body is larger than the limit of " + uploadLimit + " bytes";
            default -> "request failed with status " + status;
        };
    }

    private static JsonObject error(int status, String message) {
        return new JsonObject().put("error", message).put("status", status);
    }
}
