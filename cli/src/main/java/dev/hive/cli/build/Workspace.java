package dev.hive.cli.build;

import java.nio.file.Path;

/**
 * Where things are in a runner workspace: {@code pom.xml} (an aggregator over the reactor's copy and the runner
 * module), {@code .mvn/} (a copy of the candidate's), {@code reactor/} (a copy of the candidate's reactor,
 * {@link ReactorCopy}), in it beside the candidate's POM {@code .hive-parent.xml} (the candidate's POM as the runner's
 * parent, {@link ParentPom}) and {@code .hive-runner.xml} (the runner module, {@link WorkspacePom}), and {@code
 * target/} (the runner module's build directory). The copy leaves hidden files alone, so these two stay.
 *
 * @param dir the workspace directory
 * @param candidate the candidate it builds
 */
public record Workspace(Path dir, Candidate candidate) {

    /** The aggregator POM Maven is started with. */
    public Path aggregatorPom() {
        return dir.resolve("pom.xml");
    }

    /** The runner module's POM. */
    public Path runnerPom() {
        return copyOf(candidate.dir()).resolve(".hive-runner.xml");
    }

    /** The candidate's POM made the runner module's parent. */
    public Path parentPom() {
        return copyOf(candidate.dir()).resolve(".hive-parent.xml");
    }

    /** The copy of the candidate's reactor. */
    public Path reactorCopy() {
        return dir.resolve("reactor");
    }

    /** The copy of the candidate's {@code .mvn/}, where Maven looks for it when started with the aggregator. */
    public Path mavenConfigCopy() {
        return dir.resolve(".mvn");
    }

    /** The runner module's build directory. */
    public Path buildDir() {
        return dir.resolve("target");
    }

    /** Where the shaded runner lands. */
    public Path shadedJar() {
        return buildDir().resolve("hive-runner.jar");
    }

    /** Where {@code original} is in the reactor's copy; {@code original} itself when it is outside the reactor. */
    public Path copyOf(Path original) {
        Path reactor = candidate.reactorRoot();
        return original.startsWith(reactor)
                ? reactorCopy().resolve(reactor.relativize(original).toString())
                : original;
    }
}
