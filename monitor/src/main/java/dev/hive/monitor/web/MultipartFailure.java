package dev.hive.monitor.web;

import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.http.HttpServerOptions;
import java.util.Locale;

/**
 * Says in the user's words why a {@code multipart/form-data} body could not be decoded, instead of naming the
 * decoder's exception class: a body without the declared boundary, a field over the size limit, too many fields.
 * The limits are the HTTP server's form limits, which the monitor leaves at Vert.x's defaults.
 */
final class MultipartFailure {

    /** The longest field (a part without a filename) the decoder keeps in memory. */
    static final int FIELD_BYTES = HttpServerOptions.DEFAULT_MAX_FORM_ATTRIBUTE_SIZE;

    /** How far the decoder reads without finding a boundary or the end of a part's header line. */
    static final int BUFFERED_BYTES = HttpServerOptions.DEFAULT_MAX_FORM_BUFFERED_SIZE;

    /** The most parts a body may hold. */
    static final int MAX_FIELDS = HttpServerOptions.DEFAULT_MAX_FORM_FIELDS;

    private static final String PREFIX = "the multipart body is malformed: ";

    private MultipartFailure() {}

    /** A 400 for {@code failure}, raised while decoding a body sent with {@code contentType}. */
    static HttpError of(Throwable failure, String contentType) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
                String boundary = "--" + boundary(contentType);
                return HttpError.badRequest(PREFIX + "no part boundary '" + boundary + "' within " + BUFFERED_BYTES
                        + " bytes; is it multipart/form-data with that boundary?");
            }
            if (t instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
                return HttpError.badRequest(PREFIX + "it has more than " + MAX_FIELDS + " parts");
            }
            if (String.valueOf(t.getMessage()).contains("Size exceed allowed maximum capacity")) {
                return HttpError.badRequest(PREFIX + "a field (a part without a filename) is longer than " + FIELD_BYTES
                        + " bytes; send large content as a file part");
            }
        }
        return HttpError.badRequest(PREFIX + innermostMessage(failure));
    }

    /** The boundary parameter of a multipart content type, or {@code ?} when it has none. */
    static String boundary(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String p = parameter.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    return p.substring("boundary=".length()).replace("\"", "");
                }
            }
        }
        return "?";
    }

    /** The message of the deepest cause that has one (the decoder's wrappers only repeat it with class names). */
    private static String innermostMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? "it cannot be decoded" : message;
    }
}
