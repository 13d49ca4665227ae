package dev.hive.protocol.run;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;
import java.util.List;

/**
 * Which probes, or which targets, a run may use. Patterns use {@code *} (any run of characters, also none)
 * and {@code ?} (exactly one character), match the whole candidate, and ignore case; there is no escape, so
 * a pattern cannot match a literal {@code *} or {@code ?} except through the wildcards themselves. An
 * {@link Mode#INCLUDE} filter admits what some pattern matches, an {@link Mode#EXCLUDE} filter admits what no
 * pattern matches.
 *
 * @param mode whether the patterns say what to take or what to leave out
 * @param patterns one to {@value #MAX_PATTERNS} patterns, each 1 to {@value #MAX_PATTERN_LENGTH} characters
 *     without control characters
 */
public record Filter(@Required Mode mode, @Required List<String> patterns) {

    /** The most patterns one filter may hold. */
    public static final int MAX_PATTERNS = 100;

    /** The longest pattern, in characters. */
    public static final int MAX_PATTERN_LENGTH = 200;

    /** Whether a filter's patterns say what to take or what to leave out. */
    public enum Mode {
        INCLUDE,
        EXCLUDE
    }

    public Filter {
        Fields.required(mode, "mode");
        patterns = Fields.list(patterns, "patterns");
        if (patterns.isEmpty() || patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException(
                    "patterns must hold 1 to %d patterns, has %d".formatted(MAX_PATTERNS, patterns.size()));
        }
        for (int i = 0; i < patterns.size(); i++) {
            checkPattern(patterns.get(i), "patterns[" + i + "]");
        }
    }

    /** A filter that admits what one of {@code patterns} matches. */
    public static Filter include(String... patterns) {
        return new Filter(Mode.INCLUDE, List.of(patterns));
    }

    /** A filter that admits what none of {@code patterns} matches. */
    public static Filter exclude(String... patterns) {
        return new Filter(Mode.EXCLUDE, List.of(patterns));
    }

    /**
     * Whether some pattern matches some candidate; {@code null} candidates are skipped. For a probe, pass its
     * identifier and its serial.
     */
    public boolean matches(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && patterns.stream().anyMatch(p -> matchesPattern(p, candidate))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this filter lets through what {@code candidates} name (see {@link #matches(String...)}). */
    public boolean admits(String... candidates) {
        return matches(candidates) == (mode == Mode.INCLUDE);
    }

    /** Whether {@code pattern} matches all of {@code candidate}, ignoring case. */
    public static boolean matchesPattern(String pattern, String candidate) {
        int[] pat = pattern.codePoints().map(Filter::fold).toArray();
        int[] text = candidate.codePoints().map(Filter::fold).toArray();
        int p = 0;
        int t = 0;
        int star = -1; // the pattern index just after the last '*' seen
        int resume = 0; // the text index that '*' will swallow next when we backtrack
        while (t < text.length) {
            if (p < pat.length && pat[p] == '*') {
                star = ++p;
                resume = t;
            } else if (p < pat.length && (pat[p] == '?' || pat[p] == text[t])) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pat.length && pat[p] == '*') {
            p++;
        }
        return p == pat.length;
    }

    private static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    private static void checkPattern(String pattern, String field) {
        if (pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException(
                    "%s must be 1 to %d characters long, is %d".formatted(field, MAX_PATTERN_LENGTH, pattern.length()));
        }
        pattern.codePoints().filter(cp -> !isPrintable(cp)).findFirst().ifPresent(cp -> {
            throw new IllegalArgumentException("%s contains the unprintable character U+%04X".formatted(field, cp));
        });
    }

    private static boolean isPrintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
