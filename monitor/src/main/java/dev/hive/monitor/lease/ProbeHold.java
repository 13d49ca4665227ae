package dev.hive.monitor.lease;

import dev.hive.rack.backend.ProbeTakeover;
import io.vertx.core.net.NetSocket;

/**
 * A lease's GDB stream as the in-process client of its channel's probe ({@code RackBackend#takeProbe}): its socket
 * to the target's stub is closed when the rack hangs the probe up or cuts its route, also if that comes before the
 * socket connected. After a cut the stream stays open and hears nothing, as a client of the probe's socket would.
 */
final class ProbeHold implements ProbeTakeover {

    private NetSocket socket;
    private boolean hungUp;
    private boolean cut;

    /** The socket to the target's stub is open; closed at once if the probe was hung up meanwhile. */
    synchronized void connected(NetSocket connected) {
        socket = connected;
        if (hungUp || cut) {
            connected.close();
        }
    }

    /** Whether the route was cut (the stream stays open) rather than the probe hung up. */
    synchronized boolean wasCut() {
        return cut && !hungUp;
    }

    @Override
    public synchronized void cut() {
        cut = true;
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public synchronized void hangUp() {
        hungUp = true;
        if (socket != null) {
            socket.close();
        }
    }
}
