import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import LoginForm from '../src/account/LoginForm.vue';
import { GraphQLRequestError } from '../src/api/client';
import { fakeApi, provide } from './fakes';

async function fillAndSubmit(w: ReturnType<typeof mount>, name: string, password: string) {
    await w.get('input[name="name"]').setValue(name);
    await w.get('input[name="password"]').setValue(password);
    await w.get('form').trigger('submit');
    await flushPromises();
}

describe('LoginForm', () => {
    it('shows the server message when the login is refused', async () => {
        const api = fakeApi({
            Login: () => {
                throw new GraphQLRequestError(['Wrong user name or password']);
            },
        });
        const w = mount(LoginForm, provide(api.client));
        await fillAndSubmit(w, 'admin', 'nope');
        expect(w.get('[role="alert"]').text()).toContain('Wrong user name or password');
        expect(w.emitted('loggedIn')).toBeUndefined();
        expect(api.calls).toEqual([{ operation: 'Login', variables: { name: 'admin', password: 'nope' } }]);
    });

    it('shows that the monitor is unreachable', async () => {
        const api = fakeApi({
            Login: () => {
                throw new GraphQLRequestError(['The monitor cannot be reached: Failed to fetch']);
            },
        });
        const w = mount(LoginForm, provide(api.client));
        await fillAndSubmit(w, 'admin', 'x');
        expect(w.get('[role="alert"]').text()).toContain('cannot be reached');
    });

    it('emits the user on success and clears the password', async () => {
        const user = { id: '7', name: 'alice', role: 'MAINTAINER', createdAt: '2026-11-01T00:00:00Z' };
        const api = fakeApi({ Login: () => ({ login: user }) });
        const w = mount(LoginForm, provide(api.client));
        await fillAndSubmit(w, 'alice', 'secret');
        expect(w.emitted('loggedIn')).toEqual([[user]]);
        expect(w.find('[role="alert"]').exists()).toBe(false);
        expect((w.get('input[name="password"]').element as HTMLInputElement).value).toBe('');
    });

    it('clears an old error when the next attempt succeeds', async () => {
        let fail = true;
        const api = fakeApi({
            Login: () => {
                if (fail) throw new GraphQLRequestError(['Too many attempts; wait 30 s']);
                return { login: { id: '1', name: 'a', role: 'ADMIN', createdAt: '' } };
            },
        });
        const w = mount(LoginForm, provide(api.client));
        await fillAndSubmit(w, 'a', 'b');
        expect(w.text()).toContain('Too many attempts');
        fail = false;
        await w.get('form').trigger('submit');
        await flushPromises();
        expect(w.text()).not.toContain('Too many attempts');
    });
});
