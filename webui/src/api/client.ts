// A small GraphQL client over fetch, written against the monitor's rules:
// - the session is the HttpOnly cookie `hive_session` (sent by the browser, same origin);
// - the readable cookie `hive_csrf` is echoed in the header `X-CSRF-Token` on every POST;
// - 401 means no session (the app goes to the login page), 403 a CSRF or role refusal;
// - GraphQL errors arrive as `errors[].message` and are raised so pages can show them.

export const CSRF_COOKIE = 'hive_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** A failed GraphQL request: every message the server gave, or what went wrong on the way. */
export class GraphQLRequestError extends Error {
    constructor(
        readonly messages: string[],
        readonly status: number | null = null,
    ) {
        super(messages.join('; ') || 'request failed');
        this.name = 'GraphQLRequestError';
    }
}

/** No session (HTTP 401): the user must log in. */
export class UnauthorizedError extends GraphQLRequestError {
    constructor(message = 'Not logged in (the session has ended)') {
        super([message], 401);
        this.name = 'UnauthorizedError';
    }
}

export interface GraphQLClient {
    request<T, V extends object = Record<string, unknown>>(query: string, variables?: V): Promise<T>;
}

export interface GraphQLClientOptions {
    endpoint?: string;
    fetch?: typeof fetch;
    /** Returns `document.cookie` (injectable for tests). */
    cookies?: () => string;
    /** Called on HTTP 401, before the request's promise rejects. */
    onUnauthorized?: () => void;
}

export function readCookie(cookieString: string, name: string): string | null {
    for (const part of cookieString.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0) continue;
        if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
    }
    return null;
}

interface GraphQLResponse<T> {
    data?: T | null;
    errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

export function createGraphQLClient(options: GraphQLClientOptions = {}): GraphQLClient {
    const endpoint = options.endpoint ?? '/graphql';
    const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    const cookies = options.cookies ?? (() => document.cookie);

    return {
        async request<T, V extends object>(query: string, variables?: V): Promise<T> {
            const headers: Record<string, string> = {
                'Content-Type': 'application/json',
                Accept: 'application/graphql-response+json, application/json',
            };
            const csrf = readCookie(cookies(), CSRF_COOKIE);
            if (csrf) headers[CSRF_HEADER] = csrf;

            let response: Response;
            try {
                response = await doFetch(endpoint, {
                    method: 'POST',
                    credentials: 'same-origin',
                    headers,
                    body: JSON.stringify({ query, variables: variables ?? {} }),
                });
            } catch (e) {
                throw new GraphQLRequestError([`The monitor cannot be reached: ${describe(e)}`]);
            }

            const body = await readBody<T>(response);
            if (response.status === 401) {
                options.onUnauthorized?.();
                throw new UnauthorizedError(firstMessage(body) ?? undefined);
            }
            const messages = (body.json?.errors ?? []).map((e) => e.message ?? 'unknown error');
            if (response.status === 403) {
                throw new GraphQLRequestError([`Refused (403): ${messages[0] ?? body.text ?? 'CSRF token or role'}`], 403);
            }
            if (messages.length > 0) throw new GraphQLRequestError(messages, response.status);
            if (!response.ok) {
                throw new GraphQLRequestError([`HTTP ${response.status}: ${firstMessage(body) ?? response.statusText}`], response.status);
            }
            if (body.json?.data == null) {
                throw new GraphQLRequestError(['The monitor answered without data'], response.status);
            }
            return body.json.data;
        },
    };
}

interface Body<T> {
    json: (GraphQLResponse<T> & { message?: string; error?: string }) | null;
    text: string | null;
}

async function readBody<T>(response: Response): Promise<Body<T>> {
    let text: string;
    try {
        text = await response.text();
    } catch {
        return { json: null, text: null };
    }
    try {
        return { json: JSON.parse(text), text };
    } catch {
        return { json: null, text: text.trim() || null };
    }
}

function firstMessage<T>(body: Body<T>): string | null {
    const j = body.json;
    return j?.errors?.[0]?.message ?? j?.message ?? j?.error ?? body.text ?? null;
}

export function describe(e: unknown): string {
    if (e instanceof Error) return e.message;
    return String(e);
}
