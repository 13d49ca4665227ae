import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunHead } from '../src/api/operations';
import RunsPage from '../src/runs/RunsPage.vue';
import { fakeApi, provide } from './fakes';

const head = (id: string, state: RunHead['state'], queuePosition = 0): RunHead => ({
    id,
    state,
    runnerSha256: 'ab',
    optionsJson: '{}',
    createdAt: '2026-11-22T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    error: state === 'FAILED' ? 'runner crashed: exit 137' : null,
    queuePosition,
    summary: { passed: 2, failed: state === 'FAILED' ? 1 : 0, skipped: 0, errors: 0 },
});

afterEach(() => {
    vi.useRealTimers();
});

describe('RunsPage', () => {
    it('shows the queue and a page of history, and pages with offsets', async () => {
        const api = fakeApi({
            Runs: ({ offset }) => ({
                queue: [head('9', 'RUNNING'), head('10', 'QUEUED', 1)],
                runs: { total: 30, runs: offset === 0 ? [head('8', 'FAILED')] : [head('1', 'FINISHED')] },
            }),
        });
        const w = mount(RunsPage, provide(api.client));
        await flushPromises();
        const tables = w.findAll('table');
        expect(tables[0]!.text()).toContain('#9');
        expect(tables[0]!.text()).toContain('QUEUED');
        expect(tables[1]!.text()).toContain('runner crashed: exit 137');
        expect(w.text()).toContain('page 1 of 2 (30 runs)');
        await w
            .findAll('button')
            .find((b) => b.text() === 'Older')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toMatchObject({ limit: 25, offset: 25 });
        expect(w.findAll('table')[1]!.text()).toContain('#1');
        w.unmount();
    });

    it('filters the history by state', async () => {
        const api = fakeApi({ Runs: () => ({ queue: [], runs: { total: 0, runs: [] } }) });
        const w = mount(RunsPage, provide(api.client));
        await flushPromises();
        await w.get('select[name="state"]').setValue('FAILED');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toEqual({ limit: 25, offset: 0, filter: { states: ['FAILED'] } });
        expect(w.text()).toContain('Nothing is queued or running');
    });

    it('asks again while runs are queued, and stops when the page closes', async () => {
        vi.useFakeTimers();
        const api = fakeApi({ Runs: () => ({ queue: [head('9', 'RUNNING')], runs: { total: 0, runs: [] } }) });
        const w = mount(RunsPage, provide(api.client));
        await flushPromises();
        expect(api.calls).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(5000);
        expect(api.calls).toHaveLength(2);
        w.unmount();
        await vi.advanceTimersByTimeAsync(20000);
        expect(api.calls).toHaveLength(2);
    });

    it('shows why the runs could not be read', async () => {
        const api = fakeApi({
            Runs: () => {
                throw new Error('Refused (403): CSRF token missing or wrong');
            },
        });
        const w = mount(RunsPage, provide(api.client));
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('CSRF token missing');
    });
});
