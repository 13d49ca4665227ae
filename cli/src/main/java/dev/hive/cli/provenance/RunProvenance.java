package dev.hive.cli.provenance;

import dev.hive.cli.build.Candidate;
import dev.hive.protocol.run.Provenance;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gathers the {@link Provenance} sent with a run: the candidate's coordinates, its Git checkout and the CI job. A
 * fact that {@link Provenance} would refuse (an unresolved {@code ${revision}} version, an overlong branch) is left
 * out rather than failing the run.
 */
public final class RunProvenance {

    private RunProvenance() {}

    /** The provenance of a run of {@code candidate}, in the environment {@code env}. */
    public static Provenance of(Candidate candidate, Map<String, String> env) {
        return of(
                candidate.groupId() + ":" + candidate.artifactId() + ":" + candidate.version(),
                GitCheckout.read(candidate.dir(), env),
                CiJob.fromEnvironment(env));
    }

    static Provenance of(String coordinates, Optional<GitCheckout> git, Optional<CiJob> ci) {
        return new Provenance(
                valid(coordinates, v -> new Provenance(v, null, null, null, null, null)),
                valid(git.map(GitCheckout::commit).orElse(null), v -> new Provenance(null, v, null, null, null, null)),
                valid(git.map(GitCheckout::branch).orElse(null), v -> new Provenance(null, null, v, null, null, null)),
                git.map(GitCheckout::dirty).orElse(null),
                valid(ci.map(CiJob::url).orElse(null), v -> new Provenance(null, null, null, null, v, null)),
                valid(ci.map(CiJob::name).orElse(null), v -> new Provenance(null, null, null, null, null, v)));
    }

    /** {@code value} if a provenance with it alone is valid, else null. */
    private static String valid(String value, Function<String, Provenance> with) {
        if (value == null) {
            return null;
        }
        try {
            with.apply(value);
            return value;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
