package dev.hive.rack.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.StaticRackConfig.ChannelConfig;
import dev.hive.rack.config.StaticRackConfig.FlasherConfig;
import dev.hive.rack.config.StaticRackConfig.GdbServerConfig;
import dev.hive.rack.config.StaticRackConfig.GdbServerMode;
import dev.hive.rack.config.StaticRackConfig.ProbeSelector;
import dev.hive.rack.config.VirtualRackConfig.StackConfig;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.physical.CommandTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads rack files (YAML) into validated {@link RackConfig}s. */
public final class RackFile {

    static final int MAX_CHANNELS = 16;
    static final int MAX_STACKS = 16;
    static final int MAX_SLOTS = 16;
    static final int MIN_BAUD = 50;
    static final int MAX_BAUD = 4_000_000;

    private final TargetCatalog catalog;
    private final ObjectMapper yaml =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RackFile(TargetCatalog catalog) {
        this.catalog = catalog;
    }

    public RackConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RackFileException("rack file " + file + " does not exist");
        } catch (IOException e) {
            throw new RackFileException("rack file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses rack-file text; {@code origin} names it in error messages. */
    public RackConfig parse(String text, String origin) {
        Document doc;
        try {
            doc = yaml.readValue(text, Document.class);
        } catch (JsonProcessingException e) {
            throw new RackFileException("rack file " + origin + ": " + describe(e), e);
        }
        if (doc == null) {
            throw new RackFileException("rack file " + origin + " is empty");
        }
        try {
            return doc.toConfig(catalog);
        } catch (IllegalArgumentException e) {
            throw new RackFileException("rack file " + origin + ": " + e.getMessage(), e);
        }
    }

    private static String describe(JsonProcessingException e) {
        var where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
        String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream()
                                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                                .collect(Collectors.joining("."))
                                .replace(".[", "[")
                        + ": "
                : "";
        String message = e.getOriginalMessage();
        if (message.startsWith("Unrecognized field")) {
            message = message.replaceAll("\\s*\\(class [^)]*\\),?", "").replaceAll(" not marked as ignorable.*", "")
                    + " (known fields: see docs/rack-file.md)";
        }
        return where + path + message;
    }

    private record Document(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "backend", required = true) String backend,
            @JsonProperty("channels") Object channels,
            @JsonProperty("stacks") List<StackDoc> stacks,
            @JsonProperty("runDirectory") String runDirectory,
            @JsonProperty("icountShift") Integer icountShift,
            @JsonProperty("flasher") FlasherDoc flasher) {

        RackConfig toConfig(TargetCatalog catalog) {
            require(name != null && !name.isBlank(), "name: the rack needs a name");
            require(backend != null, "backend: the rack needs a backend ('virtual' or 'static')");
            return switch (backend.toLowerCase(Locale.ROOT)) {
                case "virtual" -> toVirtual(catalog);
                case "static" -> toStatic(catalog);
                case "none" -> toNone();
                default -> throw new IllegalArgumentException(
                        "backend: '" + backend + "' is not a backend (use 'virtual', 'static' or 'none')");
            };
        }

        private VirtualRackConfig toVirtual(TargetCatalog catalog) {
            require(flasher == null, "flasher: a virtual rack flashes through QEMU and takes no flasher");
            require(
                    channels instanceof Integer,
                    "channels: a virtual rack needs a number of channels, e.g. 'channels: 4'");
            int count = (Integer) channels;
            require(
                    count >= 1 && count <= MAX_CHANNELS,
                    "channels: must be between 1 and " + MAX_CHANNELS + ", got " + count);
            require(stacks != null && !stacks.isEmpty(), "stacks: a virtual rack needs at least one stack");
            require(stacks.size() <= MAX_STACKS, "stacks: at most " + MAX_STACKS + " stacks");
            require(icountShift == null || (icountShift >= 0 && icountShift <= 10), "icountShift: must be 0..10");
            var result = new ArrayList<StackConfig>();
            for (int s = 0; s < stacks.size(); s++) {
                require(stacks.get(s) != null, "stacks[" + s + "]: a stack needs a name and targets");
                result.add(stacks.get(s).toStack(s, catalog));
            }
            long names = result.stream().map(StackConfig::name).distinct().count();
            require(names == result.size(), "stacks: stack names must be distinct");
            Path dir = runDirectory == null ? null : Path.of(runDirectory);
            return new VirtualRackConfig(name, count, result, dir, icountShift);
        }

        /**
         * No hardware at all: a fleet's front monitor that only passes runs on to the racks. It is a static rack
         * without channels (nothing to discover, nothing to flash).
         */
        private StaticRackConfig toNone() {
            require(
                    channels == null && stacks == null && flasher == null,
                    "backend: a rack with backend 'none' has no channels, stacks or flasher");
            return new StaticRackConfig(name, List.of(), null);
        }

        private StaticRackConfig toStatic(TargetCatalog catalog) {
            require(
                    stacks == null,
                    "stacks: a static rack wires each channel to one target; list them under 'channels'");
            require(
                    channels instanceof List<?>,
                    "channels: a static rack lists its channels, each with probe and target");
            require(flasher != null, "flasher: a static rack needs a flasher command");
            var docs = yamlList((List<?>) channels);
            require(
                    !docs.isEmpty() && docs.size() <= MAX_CHANNELS,
                    "channels: between 1 and " + MAX_CHANNELS + " channels");
            var result = new ArrayList<ChannelConfig>();
            for (int c = 0; c < docs.size(); c++) {
                require(docs.get(c) != null, "channels[" + c + "]: each channel names its probe and target");
                result.add(docs.get(c).toChannel(c, catalog));
            }
            long serials =
                    result.stream().map(ch -> ch.probe().serial()).distinct().count();
            require(serials == result.size(), "channels: two channels name the same probe serial");
            return new StaticRackConfig(name, result, flasher.toConfig());
        }

        private static List<ChannelDoc> yamlList(List<?> raw) {
            var mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            var out = new ArrayList<ChannelDoc>();
            for (int i = 0; i < raw.size(); i++) {
                try {
                    out.add(mapper.convertValue(raw.get(i), ChannelDoc.class));
                } catch (IllegalArgumentException e) {
                    String cause =
                            e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                    // the field at fault, when Jackson knows it (channels[0].uartBaud: ...)
                    String field = e.getCause() instanceof JsonMappingException m
                                    && !m.getPath().isEmpty()
                                    && m.getPath().get(0).getFieldName() != null
                            ? "." + m.getPath().get(0).getFieldName()
                            : "";
                    throw new IllegalArgumentException(
                            "channels[" + i + "]" + field + ": " + cause.replaceAll("\\s*\\(class [^)]*\\)", ""), e);
                }
            }
            return out;
        }
    }

    private record StackDoc(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "targets", required = true) List<String> targets) {

        StackConfig toStack(int index, TargetCatalog catalog) {
            String where = "stacks[" + index + "]";
            require(name != null && !name.isBlank(), where + ".name: a stack needs a name");
            require(targets != null && !targets.isEmpty(), where + ".targets: a stack needs at least one slot");
            require(targets.size() <= MAX_SLOTS, where + ".targets: at most " + MAX_SLOTS + " slots");
            var slots = new ArrayList<Optional<CatalogTarget>>();
            for (int t = 0; t < targets.size(); t++) {
                String targetName = targets.get(t);
                if (targetName == null || targetName.isBlank() || targetName.equals("empty")) {
                    slots.add(Optional.empty());
                    continue;
                }
                CatalogTarget target = lookup(catalog, targetName, where + ".targets[" + t + "]");
                require(
                        target.emulation() != null,
                        where + ".targets[" + t + "]: '" + targetName
                                + "' is a physical chip; a virtual rack needs an emulated board (see docs/hardware.md)");
                slots.add(Optional.of(target));
            }
            return new StackConfig(name, slots);
        }
    }

    private record ChannelDoc(
            @JsonProperty(value = "probe", required = true) ProbeDoc probe,
            @JsonProperty(value = "target", required = true) String target,
            @JsonProperty("uart") String uart,
            @JsonProperty("gdbServer") GdbServerDoc gdbServer,
            @JsonProperty("gdbSerial") String gdbSerial,
            @JsonProperty("uartBaud") Integer uartBaud) {

        ChannelConfig toChannel(int index, TargetCatalog catalog) {
            String where = "channels[" + index + "]";
            require(probe != null, where + ".probe: each channel names its probe");
            require(target != null, where + ".target: each channel names its target");
            ProbeSelector selector = probe.toSelector(where + ".probe");
            require(
                    gdbSerial == null || gdbServer == null,
                    where + ".gdbSerial: the probe's GDB port is either a serial device (gdbSerial) or a gdbServer,"
                            + " not both");
            require(
                    gdbSerial == null || gdbSerial.startsWith("/"),
                    where + ".gdbSerial: '" + gdbSerial + "' is not a device path; give the absolute path of the"
                            + " probe's GDB serial port, such as /dev/serial/by-id/usb-Black_Magic_Debug_..._-if00");
            require(
                    selector.kind() != ProbeKind.NETWORK || gdbServer != null || gdbSerial != null,
                    where + ".gdbServer: a probe of kind network is reached only through a GDB server or a serial"
                            + " device; give gdbServer's command or gdbSerial's path");
            require(
                    uartBaud == null || uart != null,
                    where + ".uartBaud: a rate without a uart; give the UART's device path as uart");
            require(
                    uartBaud == null || (uartBaud >= MIN_BAUD && uartBaud <= MAX_BAUD),
                    where + ".uartBaud: " + uartBaud + " is not a rate in baud; use " + MIN_BAUD + " to " + MAX_BAUD
                            + " (default " + ChannelConfig.DEFAULT_UART_BAUD + ")");
            return new ChannelConfig(
                    selector,
                    lookup(catalog, target, where + ".target"),
                    uart,
                    gdbServer == null ? null : gdbServer.toConfig(where + ".gdbServer"),
                    gdbSerial,
                    uartBaud == null ? ChannelConfig.DEFAULT_UART_BAUD : uartBaud);
        }
    }

    private record GdbServerDoc(
            @JsonProperty(value = "command", required = true) List<String> command,
            @JsonProperty("mode") String mode,
            @JsonProperty("startTimeoutSeconds") Integer startTimeoutSeconds) {

        GdbServerConfig toConfig(String where) {
            require(
                    command != null && !command.isEmpty(),
                    where + ".command: give the GDB server's command as a list of arguments");
            require(
                    command.stream().noneMatch(a -> a == null || a.isEmpty()),
                    where + ".command: an argument is empty");
            GdbServerMode parsed;
            try {
                parsed = GdbServerMode.valueOf((mode == null ? "tcp" : mode).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".mode: '" + mode + "' is not a mode (use 'tcp' or 'pipe')");
            }
            var allowed = new ArrayList<>(CommandTemplate.PLACEHOLDERS);
            if (parsed == GdbServerMode.PIPE) {
                allowed.remove("{port}");
            }
            var unknown = CommandTemplate.unknownPlaceholders(command, allowed);
            require(
                    unknown.isEmpty(),
                    where + ".command: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                            + " not a placeholder here; known: " + String.join(" ", allowed)
                            + (parsed == GdbServerMode.PIPE ? " (a pipe server has no port)" : ""));
            require(
                    parsed == GdbServerMode.PIPE || command.stream().anyMatch(a -> a.contains("{port}")),
                    where + ".command: a tcp GDB server must listen on {port}, the loopback port the monitor picks");
            int seconds = startTimeoutSeconds == null ? 20 : startTimeoutSeconds;
            require(seconds > 0 && seconds <= 300, where + ".startTimeoutSeconds: must be 1..300");
            return new GdbServerConfig(command, parsed, Duration.ofSeconds(seconds));
        }
    }

    private record ProbeDoc(
            @JsonProperty("kind") String kind,
            @JsonProperty("vendorId") String vendorId,
            @JsonProperty("productId") String productId,
            @JsonProperty(value = "serial", required = true) String serial) {

        ProbeSelector toSelector(String where) {
            require(serial != null && !serial.isBlank(), where + ".serial: the probe's serial number is required");
            ProbeKind parsedKind = null;
            if (kind != null) {
                try {
                    parsedKind = ProbeKind.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            where + ".kind: '" + kind + "' is not a probe kind; known: " + List.of(ProbeKind.values()));
                }
            }
            return new ProbeSelector(
                    parsedKind, hex(vendorId, where + ".vendorId"), hex(productId, where + ".productId"), serial);
        }

        private static Integer hex(String text, String where) {
            if (text == null) {
                return null;
            }
            try {
                int value = Integer.parseInt(text.toLowerCase(Locale.ROOT).replaceFirst("^0x", ""), 16);
                require(value >= 0 && value <= 0xFFFF, where + ": a USB id has 4 hex digits");
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": '" + text + "' is not a hex USB id such as 0483");
            }
        }
    }

    private record FlasherDoc(
            @JsonProperty(value = "command", required = true) List<String> command,
            @JsonProperty("timeoutSeconds") Integer timeoutSeconds,
            @JsonProperty("resetCommand") List<String> resetCommand) {

        FlasherConfig toConfig() {
            require(command != null && !command.isEmpty(), "flasher.command: give the command as a list of arguments");
            require(command.stream().noneMatch(a -> a == null), "flasher.command: an argument is empty");
            require(command.stream().anyMatch(a -> a.contains("{elf}")), "flasher.command: no argument contains {elf}");
            int seconds = timeoutSeconds == null ? 120 : timeoutSeconds;
            require(seconds > 0 && seconds <= 3600, "flasher.timeoutSeconds: must be 1..3600");
            List<String> reset = resetCommand == null ? List.of() : resetCommand;
            require(
                    resetCommand == null || !reset.isEmpty(),
                    "flasher.resetCommand: give the command as a list of arguments, or leave it out");
            require(reset.stream().noneMatch(a -> a == null), "flasher.resetCommand: an argument is empty");
            require(
                    reset.stream().noneMatch(a -> a.contains("{elf}")),
                    "flasher.resetCommand: a reset takes no image, so {elf} cannot be used");
            return new FlasherConfig(command, Duration.ofSeconds(seconds), reset);
        }
    }

    private static CatalogTarget lookup(TargetCatalog catalog, String name, String where) {
        try {
            return catalog.get(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
