package dev.hive.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.report.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LeaseWarningTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final StringWriter err = new StringWriter();
    private final LeaseWarning warning = new LeaseWarning(
            null,
            7,
            new Console(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static ObjectNode lease(String state, Instant expiresAt) {
        return new ObjectMapper().createObjectNode().put("state", state).put("expiresAt", expiresAt.toString());
    }

    @Test
    void saysNothingWhileMoreThanFiveMinutesAreLeft() {
        warning.check(lease("open", NOW.plusSeconds(301)));

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void warnsOnceFiveMinutesBeforeTheEndAndAgainAfterAnExtension() {
        warning.check(lease("open", NOW.plusSeconds(299)));
        warning.check(lease("open", NOW.plusSeconds(299)));

        assertThat(err.toString())
                .isEqualTo("hive: lease 7 ends in 4 min 59 s (at 2026-12-07T10:04:59Z); extend it with: hive lease"
                        + " extend 7" + System.lineSeparator());

        warning.check(lease("open", NOW.plusSeconds(120))); // extended elsewhere, then shortened: a new end
        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void anEndedLeaseIsNotWarnedAbout() {
        warning.check(lease("ended", NOW.plusSeconds(10)));

        assertThat(err.toString()).isEmpty();
    }
}
