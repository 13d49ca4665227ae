import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { Run } from '../src/generated/schema';
import RunPage from '../src/runs/RunPage.vue';
import { fakeApi, fakeSubscriber, provide, result } from './fakes';

const running: Run = {
    id: '42',
    state: 'RUNNING',
    runnerSha256: 'ab',
    optionsJson: '{"includeTargets":["nrf*"]}',
    createdAt: '2026-11-22T00:00:00Z',
    startedAt: '2026-11-22T00:00:01Z',
    finishedAt: null,
    error: null,
    queuePosition: 0,
    summary: { passed: 1, failed: 0, skipped: 0, errors: 0 },
    results: [result('T#a', 'nrf52840', 'PASSED')],
};

describe('RunPage', () => {
    it('follows a running run live until it ends', async () => {
        const live = fakeSubscriber();
        const api = fakeApi({ Run: () => ({ run: running }) });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client, live.subscriber) });
        await flushPromises();
        expect(w.findAll('.cell')).toHaveLength(1);
        expect(live.isActive('RunUpdated')).toBe(true);
        live.push('RunUpdated', {
            runUpdated: {
                ...running,
                state: 'FINISHED',
                summary: { passed: 1, failed: 1, skipped: 0, errors: 0 },
                results: [...running.results, result('T#b', 'nrf52840', 'FAILED', { message: 'boom' })],
            },
        });
        await flushPromises();
        expect(w.findAll('.cell')).toHaveLength(2);
        expect(w.text()).toContain('FINISHED');
        expect(w.findAll('button').some((b) => b.text() === 'Cancel run')).toBe(false);
    });

    it('cancels, and shows a refused cancel', async () => {
        let refuse = true;
        const api = fakeApi({
            Run: () => ({ run: running }),
            CancelRun: () => {
                if (refuse) throw new GraphQLRequestError(['Run 42 has already finished']);
                return { cancelRun: { ...running, state: 'CANCELLED' } };
            },
        });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client) });
        await flushPromises();
        const cancel = () =>
            w
                .findAll('button')
                .find((b) => b.text() === 'Cancel run')!
                .trigger('click');
        await cancel();
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('already finished');
        refuse = false;
        await cancel();
        await flushPromises();
        expect(w.text()).toContain('CANCELLED');
        expect(w.find('[role="alert"]').exists()).toBe(false);
    });

    it('says when there is no such run', async () => {
        const api = fakeApi({ Run: () => ({ run: null }) });
        const w = mount(RunPage, { props: { id: '404' }, ...provide(api.client) });
        await flushPromises();
        expect(w.text()).toContain('There is no run #404');
    });

    it('offers the run as a JSON download built from the GraphQL data', async () => {
        const api = fakeApi({ Run: () => ({ run: { ...running, state: 'FINISHED' } }) });
        const created: Blob[] = [];
        vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
            created.push(b as Blob);
            return 'blob:run';
        });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client) });
        await flushPromises();
        await w
            .findAll('button')
            .find((b) => b.text() === 'Download JSON')!
            .trigger('click');
        expect(created).toHaveLength(1);
        const json = JSON.parse(await created[0]!.text());
        expect(json.id).toBe('42');
        expect(json.results[0].testId).toBe('T#a');
    });
});
