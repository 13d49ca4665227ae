package dev.hive.runner.schedule;

import dev.hive.protocol.ipc.Connected;
import java.io.IOException;

/** The monitor's bus switch as a channel thread asks for it: one request at a time, waiting for the answer. */
public interface BusRequests {

    /** Connects {@code channel} to the target in {@code stack}/{@code slot}. */
    Connected connect(int channel, int stack, int slot) throws IOException;

    /** Disconnects {@code channel} from its target. */
    Connected disconnect(int channel) throws IOException;
}
