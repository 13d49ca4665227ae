package dev.hive.monitor.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Judges a request's body from its headers, before any byte of it is read: a declared {@code Content-Length} over
 * {@code limits.uploadBytes} is 413 and an expectation other than {@code 100-continue} 417, answered at once (a
 * client that sent {@code Expect: 100-continue} gets no {@code 100 Continue} then, and sends no body). A request
 * that passes is told to go on ({@link #continueIfExpected}) by the handler that reads its body.
 */
final class DeclaredBody {

    private static final String CONTINUE = "100-continue";

    private final long limit;

    DeclaredBody(long limit) {
        this.limit = limit;
    }

    /** Fails with 413 or 417 when the headers alone rule the body out. */
    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && !expect.strip().equalsIgnoreCase(CONTINUE)) {
            throw new HttpError(
                    417, "the monitor only understands 'Expect: " + CONTINUE + "', got '" + expect.strip() + "'");
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declared(length) > limit) {
            throw new HttpError(413, "the request body is larger than the limit of " + limit + " bytes");
        }
    }

    /** Sends {@code 100 Continue} when the client waits for it before sending the body. */
    static void continueIfExpected(HttpServerRequest request) {
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && expect.strip().equalsIgnoreCase(CONTINUE)) {
            request.response().writeContinue();
        }
    }

    /** The declared length; a malformed one is left to the HTTP codec, which refuses it itself. */
    private static long declared(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
