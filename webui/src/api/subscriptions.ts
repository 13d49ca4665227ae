// GraphQL subscriptions over graphql-ws at /graphql/ws. The browser sends the session cookie with the
// WebSocket upgrade; the CSRF token goes along in the connection parameters.
import { createClient, type Client } from 'graphql-ws';
import { CSRF_COOKIE, readCookie } from './client';

export interface Subscriber {
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
}

export function wsUrl(location: Location): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/graphql/ws`;
}

export function createSubscriber(options: SubscriberOptions = {}): Subscriber {
    let client: Client | null = null;
    const connect = () =>
        (client ??= createClient({
            url: options.url ?? wsUrl(window.location),
            lazy: true,
            connectionParams: () => ({ csrfToken: readCookie(document.cookie, CSRF_COOKIE) }),
            retryAttempts: 1000,
            shouldRetry: (event) => !isAuthClose(event),
            on: {
                closed: (event) => {
                    if (isAuthClose(event) && (event as CloseEvent).code === 4401) options.onUnauthorized?.();
                },
            },
        }));

    return {
        subscribe(query, variables, onData, onError) {
            return connect().subscribe(
                { query, variables },
                {
                    next: (result) => {
                        if (result.errors?.length) onError(result.errors.map((e) => e.message).join('; '));
                        else if (result.data) onData(result.data as never);
                    },
                    error: (e) => onError(`Live updates stopped: ${describeWsError(e)}`),
                    complete: () => {},
                },
            );
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
