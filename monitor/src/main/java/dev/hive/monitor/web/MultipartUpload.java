package dev.hive.monitor.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads a {@code multipart/form-data} body: file parts are streamed into files under the uploads directory,
 * fields are kept in memory (bounded by the server's form-attribute limit), and the next handler finds both in
 * {@link #of}. Every way the body can go wrong answers: a body over the limit 413, a broken body 400, a failed
 * write through the failure handler (507 when the disk is full, whether or not the client sent a
 * {@code Content-Length}). The files are deleted when the response ends, and at once when the upload fails.
 *
 * <p>Vert.x Web's body handler does the same for well-behaved uploads, but on a full disk it fails inside its own
 * clean-up and never answers; this handler owns the file writes so their failure has one place to go.
 */
final class MultipartUpload implements Handler<RoutingContext> {

    /** One file part, written to {@code file}. */
    record Part(String name, String fileName, String contentType, Path file) {}

    /** The file parts in arrival order and the fields. */
    record Body(List<Part> files, MultiMap fields) {}

    private static final String KEY = MultipartUpload.class.getName();

    private final Path directory;
    private final long limit;

    /** Creates {@code directory} if it is missing. */
    MultipartUpload(Path directory, long limit) {
        this.directory = directory;
        this.limit = limit;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the uploads directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The body read by this handler; absent when the request was not handled by it. */
    static Body of(RoutingContext ctx) {
        Body body = ctx.get(KEY);
        if (body == null) {
            throw new IllegalStateException("the multipart body was not read");
        }
        return body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        new Reading(ctx).start(); // at once: the multipart decoder must be in place before the body is read
    }

    /** The state of one request's body while it arrives. */
    private final class Reading {

        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private final List<Part> parts = new ArrayList<>();
        private final List<AsyncFile> open = new ArrayList<>();
        private final List<HttpServerFileUpload> uploads = new ArrayList<>();
        private long received;
        private int writing;
        private boolean ended;
        private boolean failed;

        Reading(RoutingContext ctx) {
            this.ctx = ctx;
            this.request = ctx.request();
        }

        void start() {
            ctx.addEndHandler(v -> deleteFiles());
            request.setExpectMultipart(true);
            request.exceptionHandler(e -> fail(MultipartFailure.of(e, request.getHeader("Content-Type"))));
            request.handler(this::count);
            request.uploadHandler(this::write);
            request.endHandler(v -> {
                ended = true;
                finishIfDone();
            });
            request.resume();
            DeclaredBody.continueIfExpected(request);
        }

        private void count(Buffer chunk) {
            received += chunk.length();
            if (received > limit) {
                fail(new HttpError(413, "the request body is larger than the limit of " + limit + " bytes"));
            }
        }

        private void write(HttpServerFileUpload upload) {
            uploads.add(upload);
            if (failed) {
                upload.handler(ignored -> {});
                return;
            }
            Path file = directory.resolve(UUID.randomUUID().toString());
            parts.add(new Part(upload.name(), upload.filename(), upload.contentType(), file));
            writing++;
            upload.pause();
            ctx.vertx()
                    .fileSystem()
                    .open(file.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                    .onFailure(this::fail)
                    .onSuccess(out -> {
                        if (failed) { // opened after the failure deleted the files: delete this one too
                            out.close().onComplete(closed -> delete(file));
                            return;
                        }
                        open.add(out);
                        out.exceptionHandler(this::fail);
                        out.drainHandler(v -> upload.resume());
                        upload.handler(chunk -> {
                            if (!failed) {
                                out.write(chunk).onFailure(this::fail);
                                if (out.writeQueueFull()) {
                                    upload.pause();
                                }
                            }
                        });
                        upload.exceptionHandler(this::fail);
                        upload.endHandler(v -> {
                            if (open.remove(out)) { // not yet closed by a failure
                                out.close().onFailure(this::fail).onSuccess(closed -> {
                                    writing--;
                                    finishIfDone();
                                });
                            }
                        });
                        upload.resume();
                    });
        }

        private void finishIfDone() {
            if (ended && writing == 0 && !failed) {
                ctx.put(KEY, new Body(List.copyOf(parts), request.formAttributes()));
                ctx.next();
            }
        }

        /** Stops writing, deletes what was written, and answers once; the rest of the body is read and dropped. */
        private void fail(Throwable e) {
            if (failed) {
                return;
            }
            failed = true;
            for (AsyncFile out : List.copyOf(open)) {
                out.close();
            }
            open.clear();
            uploads.forEach(HttpServerFileUpload::resume); // the failure handler reads the rest and drops it
            deleteFiles();
            ctx.fail(e);
        }

        private void deleteFiles() {
            parts.forEach(part -> delete(part.file()));
        }

        private void delete(Path file) {
            ctx.vertx().fileSystem().delete(file.toString()).otherwiseEmpty();
        }
    }
}
