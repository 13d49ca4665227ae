package dev.hive.monitor.task;

import java.util.Optional;
import java.util.Set;

/**
 * Which runs a history page holds: runs in one of {@code states} (any state when empty), of a candidate (its
 * {@code groupId:artifactId:version}, or {@code groupId:artifactId} for every version) and of a branch.
 */
public record RunFilter(Set<RunState> states, Optional<String> candidate, Optional<String> branch) {

    /** Every run. */
    public static final RunFilter ALL = new RunFilter(Set.of(), Optional.empty(), Optional.empty());

    public RunFilter {
        states = Set.copyOf(states);
        candidate = candidate.filter(c -> !c.isBlank());
        branch = branch.filter(b -> !b.isBlank());
    }

    /** The runs in one of {@code states}, any candidate and branch. */
    public static RunFilter of(Set<RunState> states) {
        return new RunFilter(states, Optional.empty(), Optional.empty());
    }
}
