// GraphQL subscriptions over graphql-ws at /graphql/ws. The browser sends the session cookie with the
// WebSocket upgrade; the CSRF token goes along in the connection parameters.
import { createClient, type Client } from 'graphql-ws';
import { reactive } from 'vue';
import { CSRF_COOKIE, readCookie } from './client';

/** The socket as the page should know it: whether live updates flow while something listens. */
export interface LiveStatus {
    /** Subscriptions running now. */
    active: number;
    connected: boolean;
    /** Why the socket is down while subscriptions wait for it (graphql-ws keeps retrying). */
    problem: string | null;
}

export interface Subscriber {
    readonly status: LiveStatus;
    /** Starts a subscription; returns the function that stops it. */
    subscribe<T>(
        query: string,
        variables: Record<string, unknown>,
        onData: (data: T) => void,
        onError: (message: string) => void,
    ): () => void;
}

export interface SubscriberOptions {
    url?: string;
    onUnauthorized?: () => void;
    /** For tests: a WebSocket implementation other than the browser's. */
    webSocketImpl?: unknown;
}

export function wsUrl(location: Location): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/graphql/ws`;
}

export function createSubscriber(options: SubscriberOptions = {}): Subscriber {
    let client: Client | null = null;
    const status = reactive<LiveStatus>({ active: 0, connected: false, problem: null });
    const connect = () =>
        (client ??= createClient({
            url: options.url ?? wsUrl(window.location),
            lazy: true,
            connectionParams: () => ({ csrfToken: readCookie(document.cookie, CSRF_COOKIE) }),
            retryAttempts: 1000,
            shouldRetry: (event) => !isAuthClose(event),
            webSocketImpl: options.webSocketImpl,
            on: {
                connected: () => {
                    status.connected = true;
                    status.problem = null;
                },
                closed: (event) => {
                    status.connected = false;
                    if (status.active > 0) status.problem = describeWsError(event);
                    if ((event as CloseEvent | undefined)?.code === 4401) options.onUnauthorized?.();
                },
            },
        }));

    return {
        status,
        subscribe(query, variables, onData, onError) {
            status.active++;
            let ended = false;
            const end = () => {
                if (!ended) {
                    ended = true;
                    status.active--;
                    if (status.active === 0) status.problem = null;
                }
            };
            const unsubscribe = connect().subscribe(
                { query, variables },
                {
                    next: (result) => {
                        if (result.errors?.length) onError(result.errors.map((e) => e.message).join('; '));
                        else if (result.data) onData(result.data as never);
                    },
                    error: (e) => {
                        end();
                        onError(`Live updates stopped: ${describeWsError(e)}`);
                    },
                    complete: end,
                },
            );
            return () => {
                end();
                unsubscribe();
            };
        },
    };
}

function isAuthClose(event: unknown): boolean {
    const code = (event as CloseEvent | undefined)?.code;
    return code === 4401 || code === 4403;
}

function describeWsError(e: unknown): string {
    if (Array.isArray(e)) return e.map((x) => x?.message ?? String(x)).join('; ');
    if (e && typeof e === 'object' && 'code' in e) {
        const ev = e as CloseEvent;
        return `connection closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`;
    }
    if (e instanceof Error) return e.message;
    return 'connection failed';
}
