package dev.hive.cli.command;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as people write it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d =
                switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
        if (d.isZero()) {
            throw new TypeConversionException("a timeout must be longer than zero, got '" + value + "'");
        }
        return d;
    }
}
