package dev.hive.monitor.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (no Java parser of it is published on Maven
 * Central): every line must be a comment, a {@code # HELP}/{@code # TYPE} line or a sample of a family whose
 * {@code TYPE} came before it; label values are unescaped; a series may appear once; histograms need {@code le}
 * on their buckets and a {@code +Inf} bucket equal to their count. Any breach is an {@link
 * IllegalArgumentException} naming the line.
 */
public final class PrometheusText {

    /** One sample: metric name, labels (in order), value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{.*})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\",?");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {}

    /** Parses a whole scrape. */
    public static PrometheusText parse(String text) {
        var out = new PrometheusText();
        Set<String> series = new TreeSet<>();
        Set<String> helped = new TreeSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (!helped.add(m.group(1))) {
                    throw bad(number, line, "a second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (out.types.put(m.group(1), m.group(2)) != null) {
                    throw bad(number, line, "a second TYPE for " + m.group(1));
                }
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                Sample s = new Sample(m.group(1), labels(number, line, m.group(2)), value(number, line, m.group(3)));
                out.checkFamily(number, line, s);
                if (!series.add(s.name() + s.labels())) {
                    throw bad(number, line, "the series appears twice");
                }
                out.samples.add(s);
            } else {
                throw bad(number, line, "neither a comment nor a sample");
            }
        }
        out.checkHistograms();
        return out;
    }

    private void checkFamily(int number, String line, Sample s) {
        String family = family(s.name());
        if (family == null) {
            throw bad(number, line, "no TYPE line declares the family of " + s.name());
        }
        if (types.get(family).equals("histogram")
                && s.name().endsWith("_bucket")
                && !s.labels().containsKey("le")) {
            throw bad(number, line, "a histogram bucket without le");
        }
    }

    /** The declared family a sample name belongs to, or null. */
    private String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_bucket", "_sum", "_count", "_created")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type != null && allowed(type, suffix)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static boolean allowed(String type, String suffix) {
        return switch (type) {
            case "counter" -> suffix.equals("_total") || suffix.equals("_created");
            case "histogram" -> !suffix.equals("_total");
            case "summary" -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
            default -> false;
        };
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            for (Sample count : samples(family + "_count")) {
                Map<String, String> inf = new LinkedHashMap<>(count.labels());
                inf.put("le", "+Inf");
                double infBucket = samples(family + "_bucket").stream()
                        .filter(b -> b.labels().equals(inf))
                        .mapToDouble(Sample::value)
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "histogram " + family + count.labels() + " has no +Inf bucket"));
                if (infBucket != count.value()) {
                    throw new IllegalArgumentException(
                            "histogram " + family + count.labels() + ": +Inf bucket " + infBucket + " != count");
                }
            }
        });
    }

    private static Map<String, String> labels(int number, String line, String block) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (block == null) {
            return labels;
        }
        String inner = block.substring(1, block.length() - 1);
        Matcher m = LABEL.matcher(inner);
        int at = 0;
        while (at < inner.length()) {
            if (!m.find(at) || m.start() != at) {
                throw bad(number, line, "malformed labels at '" + inner.substring(at) + "'");
            }
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw bad(number, line, "label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        return labels;
    }

    private static double value(int number, String line, String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw bad(number, line, "the value is not a number");
                }
            }
        };
    }

    private static IllegalArgumentException bad(int number, String line, String why) {
        return new IllegalArgumentException("line " + number + ": " + why + ": " + line);
    }

    /** The declared families and their types. */
    public Map<String, String> types() {
        return types;
    }

    /** Every distinct sample name (families with their suffixes). */
    public Set<String> sampleNames() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The samples called {@code name}. */
    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /**
     * The value of the one sample called {@code name} whose labels include {@code labels}.
     *
     * @throws AssertionError when none or several match
     */
    public double value(String name, Map<String, String> labels) {
        List<Sample> matching = samples(name).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + labels + " in " + samples(name));
        }
        return matching.get(0).value();
    }

    /** The sum of the samples called {@code name} whose labels include {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return samples(name).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The values of label {@code label} over the samples called {@code name}, with their values. */
    public Map<String, Double> byLabel(String name, String label) {
        Map<String, Double> out = new HashMap<>();
        samples(name).forEach(s -> out.merge(s.labels().get(label), s.value(), Double::sum));
        return out;
    }
}
