package dev.hive.monitor.lease;

/**
 * The last bytes a target's UART sent, bounded: what a client that attaches is sent first, so nothing the
 * target printed between two clients (or before the first) is lost, up to the buffer's size.
 */
final class UartRing {

    private final byte[] ring;
    private long written;

    UartRing(int size) {
        this.ring = new byte[size];
    }

    synchronized void append(byte[] bytes) {
        for (byte b : bytes) {
            ring[(int) (written++ % ring.length)] = b;
        }
    }

    /** The buffered bytes, oldest first. */
    synchronized byte[] snapshot() {
        int n = (int) Math.min(written, ring.length);
        byte[] out = new byte[n];
        long start = written - n;
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return out;
    }
}
