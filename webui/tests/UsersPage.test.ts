import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import UsersPage from '../src/users/UsersPage.vue';
import { fakeApi, provide } from './fakes';

const users = [
    { id: '1', name: 'admin', role: 'ADMIN', createdAt: '2026-11-01T00:00:00Z' },
    { id: '2', name: 'maint', role: 'MAINTAINER', createdAt: '2026-11-02T00:00:00Z' },
];

describe('UsersPage', () => {
    it('creates a user with the chosen role', async () => {
        const api = fakeApi({
            Users: () => ({ users: users.map((u) => ({ ...u })) }),
            CreateUser: (v) => ({ createUser: { id: '3', name: v.name, role: v.role, createdAt: '2026-11-22T00:00:00Z' } }),
        });
        const w = mount(UsersPage, provide(api.client));
        await flushPromises();
        const form = w.get('form.create');
        await form.findAll('input')[0]!.setValue('bob');
        await form.findAll('input')[1]!.setValue('pw-123456');
        await form.get('select').setValue('ADMIN');
        await form.trigger('submit');
        await flushPromises();
        expect(api.calls.at(-1)).toEqual({ operation: 'CreateUser', variables: { name: 'bob', password: 'pw-123456', role: 'ADMIN' } });
        expect(w.get('tbody').text()).toContain('bob');
        expect(w.text()).toContain('Created bob.');
    });

    it('offers no delete for oneself and shows a refused delete', async () => {
        vi.stubGlobal('confirm', () => true);
        const api = fakeApi({
            Users: () => ({ users: users.map((u) => ({ ...u })) }),
            DeleteUser: () => {
                throw new GraphQLRequestError(['The last admin cannot be deleted']);
            },
        });
        const w = mount(UsersPage, provide(api.client)); // the session's user is id 1
        await flushPromises();
        const rows = w.findAll('tbody tr');
        expect(rows[0]!.findAll('button').map((b) => b.text())).toEqual(['Edit']);
        await rows[1]!
            .findAll('button')
            .find((b) => b.text() === 'Delete')!
            .trigger('click');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('The last admin cannot be deleted');
        expect(w.findAll('tbody tr')).toHaveLength(2);
    });

    it('changes a role and leaves the password alone when none is typed', async () => {
        const api = fakeApi({
            Users: () => ({ users: users.map((u) => ({ ...u })) }),
            ModifyUser: (v) => ({ modifyUser: { ...users[1]!, role: v.role } }),
        });
        const w = mount(UsersPage, provide(api.client));
        await flushPromises();
        await w
            .findAll('tbody tr')[1]!
            .findAll('button')
            .find((b) => b.text() === 'Edit')!
            .trigger('click');
        await w.get('tbody select').setValue('ADMIN');
        await w
            .findAll('button')
            .find((b) => b.text() === 'Save')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toEqual({ id: '2', name: 'maint', role: 'ADMIN', password: null });
        expect(w.findAll('tbody tr')[1]!.text()).toContain('ADMIN');
    });
});
