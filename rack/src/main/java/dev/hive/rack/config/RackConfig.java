package dev.hive.rack.config;

/** A parsed, validated rack file: one of the backends. */
public sealed interface RackConfig permits VirtualRackConfig, StaticRackConfig {

    /** The rack's name, shown to users. */
    String name();
}
