package dev.hive.rack.physical;

import dev.hive.rack.model.ProbeInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command line from the rack file with placeholders, turned into the arguments of one run. Each argument is
 * substituted on its own and handed to the operating system as it is: no shell, so spaces and quotes in paths
 * need no escaping. Only the known placeholders are replaced; other braces (OpenOCD's Tcl uses them) stay.
 *
 * <ul>
 *   <li>{@code {elf}}: absolute path of the image
 *   <li>{@code {chip}}: the chip, e.g. {@code STM32F401RE}
 *   <li>{@code {target}}: the catalog name of the target
 *   <li>{@code {probeSerial}}: the probe's serial number
 *   <li>{@code {vid}}, {@code {pid}}: the probe's USB ids as four lower-case hex digits, e.g. {@code 0483}
 *   <li>{@code {port}}: a GDB server's loopback TCP port (GDB server templates only)
 * </ul>
 */
public record CommandTemplate(List<String> arguments) {

    public static final List<String> PLACEHOLDERS =
            List.of("{elf}", "{chip}", "{target}", "{probeSerial}", "{vid}", "{pid}", "{port}");

    private static final java.util.regex.Pattern PLACEHOLDER_LIKE = java.util.regex.Pattern.compile("\\{[A-Za-z]\\w*}");

    public CommandTemplate {
        arguments = List.copyOf(arguments);
        if (arguments.isEmpty() || arguments.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
    }

    /**
     * The words in braces that look like placeholders ({@code {name}}) but are not among {@code allowed}, in the
     * order they appear: a misspelt {@code {prot}} is caught when the rack file is read, not when a lease starts.
     */
    public static List<String> unknownPlaceholders(List<String> arguments, List<String> allowed) {
        var unknown = new java.util.ArrayList<String>();
        for (String argument : arguments) {
            var m = PLACEHOLDER_LIKE.matcher(argument);
            while (m.find()) {
                if (!allowed.contains(m.group()) && !unknown.contains(m.group())) {
                    unknown.add(m.group());
                }
            }
        }
        return unknown;
    }

    /** The program, as written in the template (a name looked up on the PATH, or a path). */
    public String program() {
        return arguments.get(0);
    }

    /** The values for one run; {@code elf} may be null for commands that take no image (reset). */
    public static Map<String, String> values(Path elf, String chip, String target, ProbeInfo probe) {
        var values = new LinkedHashMap<String, String>();
        if (elf != null) {
            values.put("{elf}", elf.toAbsolutePath().toString());
        }
        values.put("{chip}", Objects.requireNonNull(chip, "chip"));
        values.put("{target}", Objects.requireNonNull(target, "target"));
        values.put("{probeSerial}", probe.serial());
        values.put("{vid}", "%04x".formatted(probe.vendorId()));
        values.put("{pid}", "%04x".formatted(probe.productId()));
        return values;
    }

    /**
     * The arguments with every placeholder in {@code values} replaced.
     *
     * @throws IllegalArgumentException when an argument uses a placeholder that has no value here (e.g. {@code
     *     {elf}} in a reset command)
     */
    public List<String> render(Map<String, String> values) {
        return arguments.stream().map(argument -> render(argument, values)).toList();
    }

    /** One pass from left to right, so a value that happens to contain a placeholder is left as it is. */
    private static String render(String argument, Map<String, String> values) {
        var out = new StringBuilder(argument.length());
        int i = 0;
        while (i < argument.length()) {
            String placeholder = placeholderAt(argument, i);
            if (placeholder == null) {
                out.append(argument.charAt(i++));
                continue;
            }
            String value = values.get(placeholder);
            if (value == null) {
                throw new IllegalArgumentException("the argument '" + argument + "' uses " + placeholder
                        + ", which has no value for this command");
            }
            out.append(value);
            i += placeholder.length();
        }
        return out.toString();
    }

    private static String placeholderAt(String text, int index) {
        if (text.charAt(index) != '{') {
            return null;
        }
        return PLACEHOLDERS.stream()
                .filter(p -> text.startsWith(p, index))
                .findFirst()
                .orElse(null);
    }
}
