package dev.hive.cli.client;

/** Told how many bytes of an upload have been sent. */
@FunctionalInterface
public interface UploadProgress {

    /** {@code sent} of {@code total} bytes are on their way. */
    void sent(long sent, long total);
}
