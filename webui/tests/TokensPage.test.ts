import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import TokensPage from '../src/tokens/TokensPage.vue';
import { fakeApi, provide } from './fakes';

const token = {
    id: '5',
    name: 'ci',
    description: 'GitHub Actions',
    createdAt: '2026-11-22T00:00:00Z',
    expiresAt: null,
    lastUsedAt: null,
    revoked: false,
};

describe('TokensPage', () => {
    it('shows a new secret once, with a copy button, and lists the token without it', async () => {
        const api = fakeApi({
            ApiTokens: () => ({ apiTokens: [] }),
            CreateApiToken: () => ({ createApiToken: { token, secret: 'hive_s3cr3t' } }),
        });
        const w = mount(TokensPage, provide(api.client));
        await flushPromises();
        await w.get('form input').setValue('ci');
        await w.get('form').trigger('submit');
        await flushPromises();
        const secret = w.get('[data-test="token-secret"]');
        expect((secret.get('input').element as HTMLInputElement).value).toBe('hive_s3cr3t');
        expect(secret.findAll('button').map((b) => b.text())).toContain('Copy');
        expect(w.get('tbody').text()).toContain('ci');
        expect(w.get('tbody').text()).not.toContain('hive_s3cr3t');
        await secret
            .findAll('button')
            .find((b) => b.text() === 'Done')!
            .trigger('click');
        expect(w.find('[data-test="token-secret"]').exists()).toBe(false);
        expect(w.text()).not.toContain('hive_s3cr3t');
    });
});
