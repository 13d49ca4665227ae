package dev.hive.rack.backend;

/**
 * A client of a testchannel's probe inside the rack's own process (the monitor's lease streams), which connects to
 * the target's debug socket itself instead of through the probe's endpoint: one relay hop less. It is a client of
 * the probe like any other: one at a time, and the rack tells it when it must let go. The calls come from the rack's
 * threads and must not block.
 */
public interface ProbeTakeover {

    /**
     * The probe must be let go: another client took it over, the target was lost, or the rack is closing. Close the
     * connection to the target and the client's now.
     */
    void hangUp();

    /**
     * The channel was switched or disconnected: close the connection to the target, and stay connected to the
     * client, which hears nothing more (as a socket client of a probe whose route was cut does) until it goes away.
     */
    void cut();
}
