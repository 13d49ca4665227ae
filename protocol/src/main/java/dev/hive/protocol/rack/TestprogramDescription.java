package dev.hive.protocol.rack;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.HexLong;
import dev.hive.protocol.wire.Required;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The testprogram flashed onto a target, as tests see it.
 *
 * @param name the testprogram's name, {@code default} for the built-in one
 * @param uid the {@code HIVE_UID} of the build, new for every build; 16 lower-case hex digits on the wire
 * @param symbols addresses of the testprogram's known symbols, by name (sorted)
 * @param defines the defines it was compiled with, by name (sorted), e.g. {@code HIVE_UID}
 */
public record TestprogramDescription(
        @Required String name,
        @Required @JsonSerialize(using = HexLong.Serializer.class) @JsonDeserialize(using = HexLong.Deserializer.class)
                long uid,
        @Required Map<String, Long> symbols,
        @Required Map<String, String> defines) {

    public TestprogramDescription {
        Fields.required(name, "name");
        symbols = Fields.map(symbols, "symbols");
        defines = Fields.map(defines, "defines");
    }

    /** The uid as it travels and as the testprogram's define spells it: 16 lower-case hex digits. */
    public String uidHex() {
        return HexLong.format(uid);
    }

    /** The address of {@code symbol}, if the testprogram has it. */
    public OptionalLong symbol(String symbol) {
        Long address = symbols.get(symbol);
        return address == null ? OptionalLong.empty() : OptionalLong.of(address);
    }
}
