package dev.hive.monitor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.monitor.db.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class RunTicketsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T22:00:00Z"));
    private final RunTickets tickets = new RunTickets(2, Duration.ofSeconds(30), clock, new SecureRandom());

    @Test
    void aTicketIsRandomUrlSafeAndAtLeastSixteenBytes() {
        var seen = new HashSet<String>();
        var many = new RunTickets(1000, Duration.ofSeconds(30), clock, new SecureRandom());
        for (int i = 0; i < 200; i++) {
            String ticket = many.issue(i);
            assertThat(ticket).matches("[A-Za-z0-9_-]{24}");
            assertThat(seen.add(ticket)).isTrue();
        }
    }

    @Test
    void aTicketIsGoodOnce() {
        String ticket = tickets.issue(7);
        assertThat(tickets.redeem(ticket)).hasValue(7);
        assertThat(tickets.redeem(ticket)).isEmpty();
        assertThat(tickets.redeem("not-a-ticket")).isEmpty();
        assertThat(tickets.redeem(null)).isEmpty();
    }

    @Test
    void anExpiredTicketIsRefusedAndReported() {
        String ticket = tickets.issue(7);
        tickets.issue(8);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tickets.redeem(ticket)).isEmpty();
        assertThat(tickets.purgeExpired())
                .as("the run of the expired ticket that was presented is reported too")
                .containsExactlyInAnyOrder(7L, 8L);
        assertThat(tickets.purgeExpired()).isEmpty();
        assertThat(tickets.pendingCount()).isZero();
    }

    @Test
    void expiredTicketsDroppedByIssueAreStillReported() {
        tickets.issue(7);
        clock.advance(Duration.ofSeconds(30));
        tickets.issue(8);
        assertThat(tickets.purgeExpired()).containsExactly(7L);
    }

    @Test
    void aReissuedTicketVoidsTheEarlierOneAndLivesAFullLifetime() {
        String first = tickets.issue(7);
        clock.advance(Duration.ofSeconds(20));

        String second = tickets.reissue(7).orElseThrow();

        assertThat(second).isNotEqualTo(first);
        assertThat(tickets.pendingCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(tickets.redeem(first)).isEmpty();
        assertThat(tickets.redeem(second)).hasValue(7);
        assertThat(tickets.purgeExpired())
                .as("the voided ticket does not cancel its run")
                .isEmpty();
    }

    @Test
    void aRunWhoseTicketWasRedeemedOrExpiredGetsNoNewOne() {
        tickets.redeem(tickets.issue(7));
        tickets.issue(8);
        clock.advance(Duration.ofSeconds(30));

        assertThat(tickets.reissue(7)).isEmpty();
        assertThat(tickets.reissue(8)).isEmpty();
        assertThat(tickets.purgeExpired()).containsExactly(8L);
    }

    @Test
    void pendingTicketsAreBounded() {
        tickets.issue(1);
        tickets.issue(2);
        assertThatThrownBy(() -> tickets.issue(3))
                .isInstanceOf(QueueFullException.class)
                .hasMessageContaining("too many runs are waiting for their WebSocket (2)");
        clock.advance(Duration.ofSeconds(31));
        assertThat(tickets.issue(3)).isNotBlank();
    }
}
