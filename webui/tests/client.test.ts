import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { GraphQLRequestError, UnauthorizedError, createGraphQLClient, readCookie } from '../src/api/client';
import { createSession } from '../src/api/inject';
import { createAppRouter, goToLogin } from '../src/router';

/** The error a request rejects with (fails the test if it resolves). */
async function failure(request: Promise<unknown>): Promise<GraphQLRequestError> {
    try {
        await request;
    } catch (e) {
        return e as GraphQLRequestError;
    }
    throw new Error('the request succeeded');
}

function respond(status: number, body: unknown) {
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
    });
}

describe('GraphQL client', () => {
    it('posts the query with the CSRF token from the hive_csrf cookie in X-CSRF-Token', async () => {
        const fetch = vi.fn(async () => respond(200, { data: { me: null } }));
        const client = createGraphQLClient({ fetch, cookies: () => 'theme=dark; hive_csrf=abc%3D123; other=1' });
        await client.request('query Me { me { id } }', { x: 1 });
        expect(fetch).toHaveBeenCalledTimes(1);
        const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
        expect(url).toBe('/graphql');
        expect(init.method).toBe('POST');
        expect(init.credentials).toBe('same-origin');
        expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('abc=123');
        expect(JSON.parse(init.body as string)).toEqual({ query: 'query Me { me { id } }', variables: { x: 1 } });
    });

    it('sends no CSRF header when there is no cookie yet (before login)', async () => {
        const fetch = vi.fn(async () => respond(200, { data: { login: { id: '1' } } }));
        await createGraphQLClient({ fetch, cookies: () => '' }).request('mutation Login { login }');
        const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
        expect(init.headers as Record<string, string>).not.toHaveProperty('X-CSRF-Token');
    });

    it('returns data', async () => {
        const client = createGraphQLClient({ fetch: async () => respond(200, { data: { logout: true } }), cookies: () => '' });
        await expect(client.request('mutation Logout { logout }')).resolves.toEqual({ logout: true });
    });

    it('raises every GraphQL error message', async () => {
        const body = { data: null, errors: [{ message: 'The built-in testprogram cannot be deleted' }, { message: 'second' }] };
        const client = createGraphQLClient({ fetch: async () => respond(200, body), cookies: () => '' });
        const error = await failure(client.request('mutation X { x }'));
        expect(error).toBeInstanceOf(GraphQLRequestError);
        expect(error.messages).toEqual(['The built-in testprogram cannot be deleted', 'second']);
        expect(error.message).toBe('The built-in testprogram cannot be deleted; second');
    });

    it('raises GraphQL errors even when partial data came along', async () => {
        const client = createGraphQLClient({
            fetch: async () => respond(200, { data: { a: 1 }, errors: [{ message: 'b failed' }] }),
            cookies: () => '',
        });
        await expect(client.request('query X { a b }')).rejects.toThrow('b failed');
    });

    it('on 401 calls onUnauthorized and rejects with UnauthorizedError', async () => {
        const onUnauthorized = vi.fn();
        const client = createGraphQLClient({
            fetch: async () => respond(401, { errors: [{ message: 'no session' }] }),
            cookies: () => '',
            onUnauthorized,
        });
        const error = await failure(client.request('query Me { me { id } }'));
        expect(error).toBeInstanceOf(UnauthorizedError);
        expect(error.status).toBe(401);
        expect(error.message).toBe('no session');
        expect(onUnauthorized).toHaveBeenCalledTimes(1);
    });

    it('reports a 403 as a refusal with the server message', async () => {
        const onUnauthorized = vi.fn();
        const client = createGraphQLClient({
            fetch: async () => respond(403, { message: 'CSRF token missing or wrong' }),
            cookies: () => '',
            onUnauthorized,
        });
        const error = await failure(client.request('query X { x }'));
        expect(error.status).toBe(403);
        expect(error.message).toContain('Refused (403)');
        expect(error.message).toContain('CSRF token missing or wrong');
        expect(onUnauthorized).not.toHaveBeenCalled();
    });

    it('reports other HTTP failures with their status and a plain-text body', async () => {
        const client = createGraphQLClient({ fetch: async () => new Response('queue full', { status: 503 }), cookies: () => '' });
        await expect(client.request('query X { x }')).rejects.toThrow('HTTP 503: queue full');
    });

    it('reports a monitor it cannot reach', async () => {
        const client = createGraphQLClient({
            fetch: async () => {
                throw new TypeError('Failed to fetch');
            },
            cookies: () => '',
        });
        await expect(client.request('query X { x }')).rejects.toThrow('The monitor cannot be reached: Failed to fetch');
    });

    it('reads cookies by exact name', () => {
        expect(readCookie('xhive_csrf=no; hive_csrf=yes', 'hive_csrf')).toBe('yes');
        expect(readCookie('a=1', 'hive_csrf')).toBeNull();
    });
});

describe('401 handling in the app', () => {
    it('a 401 on any page sends the browser to the login page, remembering the page', async () => {
        const session = createSession();
        let onUnauthorized = () => {};
        let status = 200;
        const fetch = vi.fn(async () =>
            status === 200
                ? respond(200, { data: { me: { id: '1', name: 'a', role: 'ADMIN', createdAt: '' } } })
                : respond(401, { message: 'session expired' }),
        );
        const api = createGraphQLClient({ fetch, cookies: () => 'hive_csrf=t', onUnauthorized: () => onUnauthorized() });
        const router = createAppRouter(api, session, createMemoryHistory());
        onUnauthorized = () => goToLogin(router, session);

        await router.push('/runs?page=2');
        expect(router.currentRoute.value.path).toBe('/runs');
        expect(session.user?.name).toBe('a');

        status = 401;
        await expect(api.request('query Runs { queue { id } }')).rejects.toBeInstanceOf(UnauthorizedError);
        await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/login'));
        expect(router.currentRoute.value.query.redirect).toBe('/runs?page=2');
        expect(session.user).toBeNull();
    });

    it('without a session the guard sends every page but login to the login page', async () => {
        const session = createSession();
        const api = createGraphQLClient({ fetch: async () => respond(401, {}), cookies: () => '' });
        const router = createAppRouter(api, session, createMemoryHistory());
        await router.push('/logs');
        expect(router.currentRoute.value.path).toBe('/login');
        expect(router.currentRoute.value.query.redirect).toBe('/logs');
    });

    it('keeps maintainers off the users page', async () => {
        const session = createSession();
        const api = createGraphQLClient({
            fetch: async () => respond(200, { data: { me: { id: '2', name: 'm', role: 'MAINTAINER', createdAt: '' } } }),
            cookies: () => '',
        });
        const router = createAppRouter(api, session, createMemoryHistory());
        await router.push('/users');
        expect(router.currentRoute.value.path).toBe('/');
    });
});
