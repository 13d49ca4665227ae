package dev.hive.protocol.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * What a run tested and who asked for it: the candidate's Maven coordinates, the Git commit, branch and dirty
 * flag of its checkout, and the CI job that ran {@code hive test}. Every field is optional (null when unknown, so
 * older clients that send none still work), bounded in length and checked for its shape, so the monitor can
 * store and show it as given.
 *
 * @param candidate {@code groupId:artifactId:version}
 * @param commit the checkout's commit, 7 to 64 hex digits (SHA-1 or SHA-256)
 * @param branch the checked-out branch, absent on a detached head
 * @param dirty whether the checkout had uncommitted changes
 * @param ciJobUrl the CI job's URL, {@code http} or {@code https}
 * @param ciJobName the CI job's name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        String candidate, String commit, String branch, Boolean dirty, String ciJobUrl, String ciJobName) {

    /** No provenance at all: what an older client sends. */
    public static final Provenance NONE = new Provenance(null, null, null, null, null, null);

    public static final int MAX_CANDIDATE = 300;
    public static final int MAX_BRANCH = 250;
    public static final int MAX_URL = 2000;
    public static final int MAX_NAME = 200;

    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.\\-+]+");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

    public Provenance {
        candidate = text(candidate, MAX_CANDIDATE, "candidate");
        if (candidate != null) {
            String[] parts = candidate.split(":", -1);
            if (parts.length != 3
                    || !COORDINATE.matcher(parts[0]).matches()
                    || !COORDINATE.matcher(parts[1]).matches()
                    || !VERSION.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException(
                        "candidate must be groupId:artifactId:version, was '" + candidate + "'");
            }
        }
        commit = text(commit, 64, "commit");
        if (commit != null && !COMMIT.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit must be 7 to 64 lower-case hex digits, was '" + commit + "'");
        }
        branch = text(branch, MAX_BRANCH, "branch");
        ciJobUrl = text(ciJobUrl, MAX_URL, "ciJobUrl");
        if (ciJobUrl != null && !(ciJobUrl.startsWith("https://") || ciJobUrl.startsWith("http://"))) {
            throw new IllegalArgumentException("ciJobUrl must be an http or https URL, was '" + ciJobUrl + "'");
        }
        ciJobName = text(ciJobName, MAX_NAME, "ciJobName");
    }

    /** A present value must be non-blank, at most {@code max} characters and free of control characters. */
    private static String text(String value, int max, String field) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank when present");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    field + " must be at most " + max + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not hold control characters");
        }
        return value;
    }

    /** The first 12 characters of the commit, as shown in lists; null when unknown. */
    public String shortCommit() {
        return commit == null ? null : commit.substring(0, Math.min(12, commit.length()));
    }
}
