package dev.hive.cli.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.run.Provenance;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CI job from the standard variables, and a provenance that leaves out what the monitor would refuse. */
class RunProvenanceTest {

    @Test
    void gitHubActionsGivesTheWorkflowRunsUrlAndWorkflowAndJobNames() {
        Map<String, String> env = Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_SERVER_URL", "https://github.com",
                "GITHUB_REPOSITORY", "example/rsp-probe",
                "GITHUB_RUN_ID", "4242",
                "GITHUB_WORKFLOW", "CI",
                "GITHUB_JOB", "hive");
        assertThat(CiJob.fromEnvironment(env))
                .contains(new CiJob("https://github.com/example/rsp-probe/actions/runs/4242", "CI / hive"));
    }

    @Test
    void gitLabGivesItsJobUrlAndNameAndElsewhereThereIsNoJob() {
        assertThat(CiJob.fromEnvironment(
                        Map.of("CI_JOB_URL", "https://gitlab.example/p/-/jobs/7", "CI_JOB_NAME", "hive")))
                .contains(new CiJob("https://gitlab.example/p/-/jobs/7", "hive"));
        assertThat(CiJob.fromEnvironment(Map.of("HOME", "/root", "CI", "true"))).isEmpty();
    }

    @Test
    void allFactsMakeTheProvenance() {
        Provenance p = RunProvenance.of(
                "dev.example:rsp-probe:1.2.0",
                Optional.of(new GitCheckout("9fceb02d0ae598e95dc970b74767f19372d61af8", "main", true)),
                Optional.of(new CiJob("https://ci.example/1", "hive")));
        assertThat(p)
                .isEqualTo(new Provenance(
                        "dev.example:rsp-probe:1.2.0",
                        "9fceb02d0ae598e95dc970b74767f19372d61af8",
                        "main",
                        true,
                        "https://ci.example/1",
                        "hive"));
    }

    @Test
    void aFactTheMonitorWouldRefuseIsLeftOutAndTheRestKept() {
        Provenance p = RunProvenance.of(
                "dev.example:rsp-probe:${revision}",
                Optional.of(new GitCheckout("9fceb02d0ae5", "b".repeat(300), false)),
                Optional.empty());
        assertThat(p).isEqualTo(new Provenance(null, "9fceb02d0ae5", null, false, null, null));
        assertThat(RunProvenance.of("g:a:1", Optional.empty(), Optional.empty()))
                .isEqualTo(new Provenance("g:a:1", null, null, null, null, null));
    }
}
