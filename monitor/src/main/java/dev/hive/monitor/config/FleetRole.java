package dev.hive.monitor.config;

/** What a monitor in fleet mode does. */
public enum FleetRole {
    /** Publishes its inventory and runs the fleet's shards for its targets on its own rack. */
    RACK,
    /**
     * Takes runs over HTTP for the whole fleet: refuses those no live rack can serve, splits them into shards and
     * streams the racks' results back; it runs nothing on its own rack.
     */
    FRONT
}
