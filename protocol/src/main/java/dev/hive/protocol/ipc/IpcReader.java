package dev.hive.protocol.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads messages from a stream, one per {@code '\n'}-terminated line. It never holds more than {@link
 * IpcLimits#MAX_LINE_BYTES} of a line: a longer line is refused as soon as the limit is passed, so a peer
 * that never sends a newline cannot make it buffer without end. A line must be strict UTF-8 and one JSON
 * object; an empty line is refused like any other line that is not a message. A stream that ends right
 * after a {@code '\n'} (or before any byte) is a clean end; one that ends inside a line is a protocol error.
 *
 * <p>One thread reads; the reader is not thread-safe. After an {@link IpcProtocolException} the stream is
 * somewhere inside a line, so every later read fails too: close the conversation.
 */
public final class IpcReader implements Closeable {

    private static final int CHUNK = 8192;

    private final InputStream in;
    private final IpcCodec codec;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[CHUNK];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[CHUNK];
    private int lineLength;
    private IpcProtocolException failure;

    /** A reader of {@code in} that decodes with {@code codec}. */
    public IpcReader(InputStream in, IpcCodec codec) {
        this.in = in;
        this.codec = codec;
    }

    /** A reader of {@code in} with the process's {@linkplain IpcCodec#shared() codec}. */
    public IpcReader(InputStream in) {
        this(in, IpcCodec.shared());
    }

    /** The codec this one uses. */
    IpcCodec codec() {
        return codec;
    }

    /**
     * The next message, or empty at a clean end of the stream.
     *
     * @throws IpcProtocolException if the next line is too long, ends early, is not UTF-8 or not a message
     * @throws IOException if the stream fails
     */
    public Optional<IpcMessage> read() throws IOException {
        Optional<String> next = readLine();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(next.get()));
        } catch (IpcProtocolException e) {
            throw fail(e);
        }
    }

    /**
     * The next line without its {@code '\n'}, decoded but not parsed, or empty at a clean end of the stream.
     *
     * @throws IpcProtocolException if the line is too long, ends early or is not UTF-8
     * @throws IOException if the stream fails
     */
    public Optional<String> readLine() throws IOException {
        if (failure != null) {
            throw new IpcProtocolException("reader stopped at an earlier protocol error: " + failure.getMessage());
        }
        lineLength = 0;
        while (true) {
            if (chunkStart == chunkEnd && !fill()) {
                if (lineLength == 0) {
                    return Optional.empty();
                }
                throw fail(new IpcProtocolException(
                        "stream ended in the middle of a line (%d bytes without a terminating newline)"
                                .formatted(lineLength)));
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? chunkEnd : newline;
            append(end - chunkStart);
            if (newline >= 0) {
                chunkStart = newline + 1;
                return Optional.of(decodeLine());
            }
            chunkStart = chunkEnd;
        }
    }

    /** Closes the stream. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(chunk);
        } while (n == 0);
        chunkStart = 0;
        chunkEnd = Math.max(n, 0);
        return n > 0;
    }

    private int indexOfNewline() {
        for (int i = chunkStart; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int count) throws IpcProtocolException {
        if ((long) lineLength + count > IpcLimits.MAX_LINE_BYTES) {
            throw fail(new IpcProtocolException("line exceeds %d bytes".formatted(IpcLimits.MAX_LINE_BYTES)));
        }
        if (lineLength + count > line.length) {
            int capacity = Math.max(line.length * 2, lineLength + count);
            line = Arrays.copyOf(line, Math.min(capacity, IpcLimits.MAX_LINE_BYTES));
        }
        System.arraycopy(chunk, chunkStart, line, lineLength, count);
        lineLength += count;
    }

    private String decodeLine() throws IpcProtocolException {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, lineLength);
        try {
            String text = utf8.decode(bytes).toString();
            if (line.length > 4 * CHUNK) {
                line = new byte[CHUNK]; // do not keep a megabyte for the rest of the conversation
            }
            return text;
        } catch (CharacterCodingException e) {
            throw fail(new IpcProtocolException(
                    "line is not valid UTF-8 (bad byte at offset %d)".formatted(bytes.position()), e));
        }
    }

    private IpcProtocolException fail(IpcProtocolException e) {
        failure = e;
        return e;
    }
}
