package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one failure handler: every failed request leaves as JSON {@code {"error": "...", "status": N}} with
 * the right status, never an empty 500. A database locked by another process answers 503 with {@code Retry-After}
 * (after SQLite's busy timeout), a full disk under the database or the data directory 507.
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
        } else if (storageFailure(failure) instanceof SQLiteException e && busy(e)) {
            LOG.warn(
                    "{} {}: the database is busy: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    e.getMessage());
            ctx.response().putHeader("Retry-After", "5");
            body = error(503, "the database is busy (locked by another process?): " + e.getMessage() + "; try again");
        } else if (storageFailure(failure) instanceof SQLiteException e
                && e.getResultCode().code == SQLiteErrorCode.SQLITE_FULL.code) {
            LOG.warn(
                    "{} {}: the database's disk is full: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    e.getMessage());
            body = error(507, "no space left for the database: " + e.getMessage());
        } else if (diskFull(failure)) {
            LOG.warn(
                    "{} {}: the data directory's disk is full: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure.toString());
            body = error(507, "no space left on the monitor's data directory: " + failure.getMessage());
        } else if (failure != null) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            body = error(500, "internal error: " + failure);
        } else {
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            body = error(status, messageFor(status, ctx));
        }
        int status = body.getInteger("status");
        if ((status == 413 || status == 507) && !ctx.request().isEnded()) {
            // the client may still be sending: read and drop the rest, then close
            ctx.request().handler(ignored -> {}).resume();
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response()
                .setStatusCode(body.getInteger("status"))
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    /** The SQLite error behind {@code failure}, if one is. */
    private static Throwable storageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException) {
                return t;
            }
        }
        return null;
    }

    private static boolean diskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private static boolean busy(SQLiteException e) {
        int code = e.getResultCode().code & 0xff; // the primary code of an extended one
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
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
