import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../src/App.vue';
import { GraphQLRequestError } from '../src/api/client';
import { ApiKey, SessionKey, SubscriberKey, createSession } from '../src/api/inject';
import type { Role } from '../src/generated/schema';
import { createAppRouter } from '../src/router';
import { fakeApi, fakeSubscriber } from './fakes';

async function mountApp(role: Role, handlers: Record<string, (v: Record<string, unknown>) => unknown> = {}, live = fakeSubscriber()) {
    const api = fakeApi({
        Me: () => ({ me: { id: '1', name: 'pat', role, createdAt: '' } }),
        Testprograms: () => ({ testprograms: [] }),
        ...handlers,
    });
    const session = createSession();
    const router = createAppRouter(api.client, session, createMemoryHistory());
    await router.push('/testprograms');
    const w = mount(App, {
        global: {
            plugins: [router],
            provide: {
                [ApiKey as symbol]: api.client,
                [SubscriberKey as symbol]: live.subscriber,
                [SessionKey as symbol]: session,
            },
        },
    });
    await flushPromises();
    return { w, router, session };
}

describe('App', () => {
    it('shows the users page in the menu for admins only', async () => {
        const admin = await mountApp('ADMIN');
        expect(admin.w.findAll('nav a').map((a) => a.text())).toContain('Users');
        const maintainer = await mountApp('MAINTAINER');
        expect(maintainer.w.findAll('nav a').map((a) => a.text())).not.toContain('Users');
        expect(maintainer.w.text()).toContain('pat (maintainer)');
    });

    it('logs out and goes to the login page', async () => {
        const { w, router, session } = await mountApp('ADMIN', { Logout: () => ({ logout: true }) });
        await w
            .findAll('button')
            .find((b) => b.text() === 'Log out')!
            .trigger('click');
        await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/login'));
        expect(session.user).toBeNull();
    });

    it('shows why logging out failed', async () => {
        const { w, router } = await mountApp('ADMIN', {
            Logout: () => {
                throw new GraphQLRequestError(['Refused (403): CSRF token missing'], 403);
            },
        });
        await w
            .findAll('button')
            .find((b) => b.text() === 'Log out')!
            .trigger('click');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('CSRF token missing');
        expect(router.currentRoute.value.path).toBe('/testprograms');
    });

    it('says when live updates are interrupted while a page listens', async () => {
        const live = fakeSubscriber();
        const { w } = await mountApp('ADMIN', {}, live);
        expect(w.find('.live-warning').exists()).toBe(false);
        live.subscriber.status.active = 1;
        live.subscriber.status.problem = 'connection closed (1006)';
        await flushPromises();
        expect(w.get('.live-warning').text()).toContain('Live updates interrupted (connection closed (1006)); reconnecting');
    });
});
