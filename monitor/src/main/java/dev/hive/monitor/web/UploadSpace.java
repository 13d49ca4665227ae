package dev.hive.monitor.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a request body that cannot fit on the data directory's disk with 507 before any byte of it is written,
 * so the client learns it at once instead of after sending the whole body. Bodies sent without a
 * {@code Content-Length} are not checked here; their writes fail with 507 in {@link MultipartUpload}.
 */
final class UploadSpace {

    /** Space kept free for SQLite's own writes. */
    static final long RESERVE_BYTES = 1 << 20;

    private final Path dataDir;

    UploadSpace(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Fails with 507 when the declared body does not fit; a statfs call, cheap enough for the event loop. */
    void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        long usable;
        try {
            usable = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return; // the body handler reports what goes wrong with the directory itself
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return;
        }
        if (declared + RESERVE_BYTES > usable) {
            throw new HttpError(
                    507,
                    "no space left for the upload: the body is " + declared
                            + " bytes, the monitor's data directory has " + Math.max(0, usable - RESERVE_BYTES)
                            + " bytes free");
        }
    }
}
