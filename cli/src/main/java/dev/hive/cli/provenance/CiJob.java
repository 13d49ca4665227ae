package dev.hive.cli.provenance;

import java.util.Map;
import java.util.Optional;

/**
 * The CI job that runs {@code hive test}, from the CI's standard environment variables: GitHub Actions
 * ({@code GITHUB_SERVER_URL}, {@code GITHUB_REPOSITORY}, {@code GITHUB_RUN_ID}, {@code GITHUB_WORKFLOW},
 * {@code GITHUB_JOB}) and GitLab CI ({@code CI_JOB_URL}, {@code CI_JOB_NAME}).
 *
 * @param url the job's (or the workflow run's) web page, null when unknown
 * @param name the job's name, null when unknown
 */
public record CiJob(String url, String name) {

    /** The job described by {@code env}, or empty outside CI. */
    public static Optional<CiJob> fromEnvironment(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS")) || env.containsKey("GITHUB_RUN_ID")) {
            String url = present(env, "GITHUB_SERVER_URL")
                            && present(env, "GITHUB_REPOSITORY")
                            && present(env, "GITHUB_RUN_ID")
                    ? env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/"
                            + env.get("GITHUB_RUN_ID")
                    : null;
            String workflow = env.get("GITHUB_WORKFLOW");
            String job = env.get("GITHUB_JOB");
            String name = present(env, "GITHUB_WORKFLOW") && present(env, "GITHUB_JOB")
                    ? workflow + " / " + job
                    : present(env, "GITHUB_JOB") ? job : present(env, "GITHUB_WORKFLOW") ? workflow : null;
            return of(url, name);
        }
        if (present(env, "CI_JOB_URL") || present(env, "CI_JOB_NAME")) {
            return of(env.get("CI_JOB_URL"), env.get("CI_JOB_NAME"));
        }
        return Optional.empty();
    }

    private static Optional<CiJob> of(String url, String name) {
        return url == null && name == null ? Optional.empty() : Optional.of(new CiJob(url, name));
    }

    private static boolean present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
