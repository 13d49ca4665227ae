import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { Testprogram } from '../src/generated/schema';
import TestprogramsPage from '../src/testprograms/TestprogramsPage.vue';
import { fakeApi, provide } from './fakes';

const builtIn: Testprogram = {
    id: '1',
    name: 'default',
    builtIn: true,
    active: true,
    sources: [
        { path: 'hive_test.c', content: 'int main(void) { return 0; }\n' },
        { path: 'arm/startup.S', content: '.thumb\n' },
    ],
    latestBuild: { uid: 'b1', status: 'OK', output: '', createdAt: '2026-11-22T00:00:00Z' },
};
const mine: Testprogram = {
    id: '2',
    name: '<script>alert(1)</script>',
    builtIn: false,
    active: false,
    sources: [{ path: 'hive_test.c', content: 'int x;\n' }],
    latestBuild: null,
};

describe('TestprogramsPage', () => {
    it('shows a testprogram name with <script> as text', async () => {
        const api = fakeApi({ Testprograms: () => ({ testprograms: [builtIn, mine] }) });
        const w = mount(TestprogramsPage, provide(api.client));
        await flushPromises();
        expect(w.find('script').exists()).toBe(false);
        expect(w.text()).toContain('<script>alert(1)</script>');
    });

    it('offers neither editing nor deleting for the built-in testprogram', async () => {
        const api = fakeApi({ Testprograms: () => ({ testprograms: [builtIn, mine] }) });
        const w = mount(TestprogramsPage, provide(api.client));
        await flushPromises();
        expect(w.get('textarea').attributes('readonly')).toBeDefined();
        expect(w.findAll('button').some((b) => b.text() === 'Delete')).toBe(false);
    });

    it('saves edited sources and shows the compiler output', async () => {
        const output = "hive_test.c:1:7: error: expected ';' before end of input";
        const api = fakeApi({
            Testprograms: () => ({ testprograms: [builtIn, mine] }),
            UpdateTestprogramSources: (v) => ({
                updateTestprogramSources: {
                    ...mine,
                    sources: v.sources,
                    latestBuild: { uid: 'b2', status: 'COMPILE_FAILURE', output, createdAt: '2026-11-22T00:01:00Z' },
                },
            }),
        });
        const w = mount(TestprogramsPage, provide(api.client));
        await flushPromises();
        await w
            .findAll('.programs button')
            .find((b) => b.text().includes('<script>'))!
            .trigger('click');
        await w.get('textarea').setValue('int x\n');
        await w
            .findAll('button')
            .find((b) => b.text() === 'Save and build')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.at(-1)).toEqual({
            operation: 'UpdateTestprogramSources',
            variables: { id: '2', sources: [{ path: 'hive_test.c', content: 'int x\n' }] },
        });
        expect(w.get('.build-output').text()).toBe(output);
        expect(w.text()).toContain('COMPILE_FAILURE');
    });

    it('shows why a testprogram could not be created', async () => {
        const api = fakeApi({
            Testprograms: () => ({ testprograms: [builtIn] }),
            CreateTestprogram: () => {
                throw new GraphQLRequestError(['A testprogram named default exists']);
            },
        });
        const w = mount(TestprogramsPage, provide(api.client));
        await flushPromises();
        await w.get('input[name="new-testprogram"]').setValue('default');
        await w.get('form').trigger('submit');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('A testprogram named default exists');
    });
});
