package dev.hive.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's provenance as the CLI prints it: short columns for {@code hive runs} (candidate, branch, the commit's
 * first 12 digits with {@code +} when the checkout was dirty) and full lines for a run's results.
 *
 * @param candidate {@code groupId:artifactId:version}, or {@code -}
 * @param branch the branch, or {@code -}
 * @param commit the short commit, with {@code +} when dirty, or {@code -}
 * @param node the provenance as the monitor returned it
 */
public record ProvenanceText(String candidate, String branch, String commit, JsonNode node) {

    /** From the {@code provenance} object of a run (missing for a monitor older than provenance). */
    public static ProvenanceText of(JsonNode provenance) {
        String commit = provenance.path("commit").asText("");
        String shortCommit = commit.isEmpty()
                ? "-"
                : commit.substring(0, Math.min(12, commit.length()))
                        + (provenance.path("dirty").asBoolean(false) ? "+" : "");
        return new ProvenanceText(text(provenance, "candidate"), text(provenance, "branch"), shortCommit, provenance);
    }

    /** The lines under a run's title; none when nothing is known. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (node.hasNonNull("candidate")) {
            lines.add("Candidate: " + candidate);
        }
        if (node.hasNonNull("commit")) {
            lines.add("Commit:    " + node.get("commit").asText()
                    + (node.hasNonNull("branch") ? " on " + branch : "")
                    + (node.path("dirty").asBoolean(false) ? " (with uncommitted changes)" : ""));
        } else if (node.hasNonNull("branch")) {
            lines.add("Branch:    " + branch);
        }
        if (node.hasNonNull("ciJobName") || node.hasNonNull("ciJobUrl")) {
            lines.add("CI job:    "
                    + String.join(
                                    " ",
                                    node.path("ciJobName").asText(""),
                                    node.path("ciJobUrl").asText(""))
                            .strip());
        }
        return lines;
    }

    private static String text(JsonNode provenance, String field) {
        return provenance.hasNonNull(field) ? provenance.get(field).asText() : "-";
    }
}
