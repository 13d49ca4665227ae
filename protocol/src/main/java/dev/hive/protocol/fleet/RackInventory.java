package dev.hive.protocol.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.IsoInstant;
import dev.hive.protocol.wire.Required;
import java.time.Instant;
import java.util.List;

/**
 * One rack as its monitor last published it into the fleet's {@code hive-racks} bucket (key = {@code rackId}).
 * The entry expires unless the monitor refreshes it, so a rack whose monitor died drops out by itself.
 *
 * @param rackId the bucket key: letters, digits, {@code -} and {@code _}
 * @param lab where the rack stands, as configured ({@code fleet.lab})
 * @param monitorVersion the publishing monitor's version
 * @param channels how many testchannels the rack has
 * @param busy whether a run is on the rack now
 * @param queueLength runs waiting for the rack
 * @param publishedAt when the monitor wrote this entry, by its own clock
 */
public record RackInventory(
        @Required String rackId,
        @Required String lab,
        @Required String monitorVersion,
        @Required List<Target> targets,
        @Required List<Probe> probes,
        @Required int channels,
        @Required boolean busy,
        @Required int queueLength,
        @Required
                @JsonSerialize(using = IsoInstant.Serializer.class)
                @JsonDeserialize(using = IsoInstant.Deserializer.class)
                Instant publishedAt) {

    public RackInventory {
        Fields.required(rackId, "rackId");
        Fields.required(lab, "lab");
        Fields.required(monitorVersion, "monitorVersion");
        targets = Fields.list(targets, "targets");
        probes = Fields.list(probes, "probes");
        Fields.nonNegative(channels, "channels");
        Fields.nonNegative(queueLength, "queueLength");
        Fields.required(publishedAt, "publishedAt");
    }

    /**
     * A target in a slot of the rack.
     *
     * @param name the catalog name, e.g. {@code lm3s6965evb}, or {@code unknown}
     * @param slot the slot's address, e.g. {@code 0/1} (stack 0, slot 1)
     * @param state e.g. {@code flashed}, {@code not flashed}, {@code lost}, {@code flash failed: …}
     * @param health the target's health ({@code GOOD}, {@code UNKNOWN}, {@code BAD}, {@code MAINTENANCE},
     *     {@code RETIRED}; docs/health.md), or null when the monitor keeps none for it (or is older)
     */
    public record Target(
            @Required String name,
            @Required String slot,
            @Required String state,
            @JsonInclude(JsonInclude.Include.NON_NULL) String health) {
        public Target {
            Fields.required(name, "name");
            Fields.required(slot, "slot");
            Fields.required(state, "state");
        }

        /** A target without a known health. */
        public Target(String name, String slot, String state) {
            this(name, slot, state, null);
        }
    }

    /**
     * The probe of a testchannel.
     *
     * @param state {@code ready} or {@code missing}
     */
    public record Probe(@Required String identifier, @Required String serial, @Required String state) {
        public Probe {
            Fields.required(identifier, "identifier");
            Fields.required(serial, "serial");
            Fields.required(state, "state");
        }
    }
}
