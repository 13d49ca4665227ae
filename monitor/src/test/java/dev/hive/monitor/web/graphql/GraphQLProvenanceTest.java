package dev.hive.monitor.web.graphql;

import static dev.hive.monitor.web.graphql.InProcess.codes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.task.RunRepository;
import dev.hive.protocol.run.Provenance;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's provenance in GraphQL, and the history filtered by candidate and branch, against a real monitor. */
class GraphQLProvenanceTest {

    @TempDir
    static Path dir;

    static GraphQLMonitor monitor;
    static InProcess gql;
    static Viewer maintainer;

    @BeforeAll
    static void start() throws Exception {
        monitor = GraphQLMonitor.start(dir, GraphQLStaticRackTest.RACK_FILE, "");
        gql = new InProcess(monitor.monitor.graphQLDependencies());
        maintainer = InProcess.as(monitor.user(GraphQLMonitor.MAINTAINER));
    }

    @AfterAll
    static void stop() {
        if (gql != null) {
            gql.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aRunShowsItsProvenanceAndTheHistoryIsFilteredByCandidateAndBranch() {
        RunRepository runs = new RunRepository(monitor.monitor.database(), Clock.systemUTC());
        Provenance full = new Provenance(
                "org.gql:lib:1.0",
                "9fceb02d0ae598e95dc970b74767f19372d61af8",
                "main",
                false,
                "https://ci.example/job/1",
                "hive");
        long a = runs.createQueued("{}", "a".repeat(64), Optional.empty(), full).id();
        long b = runs.createQueued(
                        "{}",
                        "b".repeat(64),
                        Optional.empty(),
                        new Provenance("org.gql:lib:2.0", null, "topic", null, null, null))
                .id();
        long none = runs.createQueued("{}", "c".repeat(64), Optional.empty()).id();

        Map<?, ?> run = (Map<?, ?>) gql.data(
                        maintainer,
                        "{ run(id: " + a + ") { provenance { candidate commit shortCommit branch dirty ciJobUrl"
                                + " ciJobName } } }")
                .get("run");
        Map<String, Object> expected = new HashMap<>();
        expected.put("candidate", "org.gql:lib:1.0");
        expected.put("commit", "9fceb02d0ae598e95dc970b74767f19372d61af8");
        expected.put("shortCommit", "9fceb02d0ae5");
        expected.put("branch", "main");
        expected.put("dirty", false);
        expected.put("ciJobUrl", "https://ci.example/job/1");
        expected.put("ciJobName", "hive");
        assertThat(run.get("provenance")).isEqualTo(expected);
        Map<?, ?> bare = (Map<?, ?>) gql.data(maintainer, "{ run(id: " + none + ") { provenance { candidate } } }")
                .get("run");
        assertThat(bare.get("provenance")).isEqualTo(Collections.singletonMap("candidate", null));

        assertThat(ids("{ candidate: \"org.gql:lib\" }")).containsExactly(String.valueOf(b), String.valueOf(a));
        assertThat(ids("{ candidate: \"org.gql:lib:2.0\" }")).containsExactly(String.valueOf(b));
        assertThat(ids("{ branch: \"main\", candidate: \"org.gql:lib\" }")).containsExactly(String.valueOf(a));
        assertThat(codes(gql.run(maintainer, "{ runs(filter: { branch: \"" + "x".repeat(251) + "\" }) { total } }")))
                .containsOnly("BAD_USER_INPUT");
    }

    private static List<Object> ids(String filter) {
        Map<?, ?> page = (Map<?, ?>) gql.data(maintainer, "{ runs(filter: " + filter + ") { total runs { id } } }")
                .get("runs");
        return ((List<?>) page.get("runs"))
                .stream().<Object>map(r -> ((Map<?, ?>) r).get("id")).toList();
    }
}
