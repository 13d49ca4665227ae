package dev.hive.monitor.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing successful answers. */
final class Responses {

    private Responses() {}

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    /** A JSON answer encoded before, e.g. one cached for many clients. */
    static void json(RoutingContext ctx, int status, Buffer encoded) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(encoded);
    }
}
