package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.Session;
import java.util.Optional;

/**
 * Who is asking, as the fetchers see it: the session (empty before login), the client's address (for login
 * throttling), the session id presented (for logout), and where a login or logout leaves its cookies.
 */
public record Viewer(Optional<Session> session, Optional<String> sessionId, String address, SessionCookies cookies) {

    /** What a login or logout asks of the transport: set or clear the session cookie (HTTP), or nothing. */
    public interface SessionCookies {
        void started(String sessionId);

        void ended();

        /** For transports without cookies (in-process, WebSocket). */
        SessionCookies NONE = new SessionCookies() {
            @Override
            public void started(String sessionId) {}

            @Override
            public void ended() {}
        };
    }

    /** A viewer logged in with {@code session}, for in-process use. */
    public static Viewer of(Session session) {
        return new Viewer(Optional.of(session), Optional.empty(), "in-process", SessionCookies.NONE);
    }

    /** A viewer without a session. */
    public static Viewer anonymous(String address, SessionCookies cookies) {
        return new Viewer(Optional.empty(), Optional.empty(), address, cookies);
    }
}
