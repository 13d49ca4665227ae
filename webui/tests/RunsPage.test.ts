import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunHead } from '../src/api/operations';
import RunsPage from '../src/runs/RunsPage.vue';
import { fakeApi, fakeSubscriber, provide } from './fakes';

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
    provenance: {
        candidate: 'dev.example:rsp:1.0',
        commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        shortCommit: '9fceb02d0ae5',
        branch: 'main',
        dirty: state === 'FAILED',
        ciJobUrl: null,
        ciJobName: null,
    },
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

    it('shows candidate, branch and short commit, and filters the history by candidate and branch', async () => {
        const api = fakeApi({ Runs: () => ({ queue: [], runs: { total: 1, runs: [head('8', 'FAILED')] } }) });
        const w = mount(RunsPage, provide(api.client));
        await flushPromises();
        const row = w.findAll('table')[0]!.findAll('tbody tr')[0]!.text();
        expect(row).toContain('dev.example:rsp:1.0');
        expect(row).toContain('main');
        expect(row).toContain('9fceb02d0ae5+');
        await w.get('input[name="candidate"]').setValue(' dev.example:rsp ');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toEqual({ limit: 25, offset: 0, filter: { candidate: 'dev.example:rsp' } });
        await w.get('input[name="branch"]').setValue('main');
        await w.get('select[name="state"]').setValue('FAILED');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toEqual({
            limit: 25,
            offset: 0,
            filter: { states: ['FAILED'], candidate: 'dev.example:rsp', branch: 'main' },
        });
        w.unmount();
    });

    it('follows the queue through queueChanged and reads the history again when a run starts or leaves', async () => {
        vi.useFakeTimers();
        let history = [head('8', 'FAILED')];
        const api = fakeApi({ Runs: () => ({ queue: [], runs: { total: history.length, runs: history } }) });
        const live = fakeSubscriber();
        const w = mount(RunsPage, provide(api.client, live.subscriber));
        await flushPromises();
        expect(live.isActive('QueueChanged')).toBe(true);
        expect(api.calls).toHaveLength(1);
        const queueTable = () => w.findAll('table')[0]!;

        // the queue as it is when the subscription starts: shown, the history was just read
        live.push('QueueChanged', { queueChanged: [head('9', 'RUNNING'), head('10', 'QUEUED', 1), head('11', 'QUEUED', 2)] });
        await flushPromises();
        expect(queueTable().text()).toContain('#11');
        expect(api.calls).toHaveLength(1);

        // a queued run is cancelled: it leaves the queue, the others move up, the history is read again
        history = [head('11', 'CANCELLED'), head('8', 'FAILED')];
        live.push('QueueChanged', { queueChanged: [head('9', 'RUNNING'), head('10', 'QUEUED', 1)] });
        await flushPromises();
        expect(queueTable().text()).not.toContain('#11');
        expect(api.calls).toHaveLength(2);
        expect(w.findAll('table')[1]!.text()).toContain('CANCELLED');

        // the running run ends and the next one starts
        history = [head('9', 'FAILED'), head('11', 'CANCELLED'), head('8', 'FAILED')];
        live.push('QueueChanged', { queueChanged: [head('10', 'RUNNING')] });
        await flushPromises();
        const rows = queueTable().findAll('tbody tr');
        expect(rows).toHaveLength(1);
        expect(rows[0]!.text()).toContain('#10');
        expect(rows[0]!.text()).toContain('RUNNING');
        expect(rows[0]!.text()).toContain('—');
        expect(api.calls).toHaveLength(3);
        expect(w.findAll('table')[1]!.findAll('tbody tr')).toHaveLength(3);

        // it ends too: nothing is queued or running, the history has it
        history = [head('10', 'FINISHED'), ...history];
        live.push('QueueChanged', { queueChanged: [] });
        await flushPromises();
        expect(w.text()).toContain('Nothing is queued or running');
        expect(w.findAll('table')[0]!.text()).toContain('#10');
        expect(api.calls).toHaveLength(4);

        // pushed, never polled
        await vi.advanceTimersByTimeAsync(20000);
        expect(api.calls).toHaveLength(4);
        w.unmount();
        expect(live.isActive('QueueChanged')).toBe(false);
    });

    it('keeps a pushed queue when an older query answer arrives after it', async () => {
        let answer: (value: unknown) => void = () => {};
        const api = fakeApi({ Runs: () => new Promise((resolve) => (answer = resolve)) });
        const live = fakeSubscriber();
        const w = mount(RunsPage, provide(api.client, live.subscriber));
        live.push('QueueChanged', { queueChanged: [head('12', 'RUNNING')] });
        answer({ queue: [head('12', 'QUEUED', 1)], runs: { total: 0, runs: [] } });
        await flushPromises();
        expect(w.findAll('table')[0]!.text()).toContain('RUNNING');
        expect(w.findAll('table')[0]!.text()).not.toContain('QUEUED');
    });

    it('shows a failed subscription, polls meanwhile, and stops polling when pushes come again', async () => {
        vi.useFakeTimers();
        const api = fakeApi({ Runs: () => ({ queue: [head('9', 'RUNNING')], runs: { total: 0, runs: [] } }) });
        const live = fakeSubscriber();
        const subscribe = vi.spyOn(live.subscriber, 'subscribe');
        const w = mount(RunsPage, provide(api.client, live.subscriber));
        await flushPromises();
        expect(api.calls).toHaveLength(1);

        live.fail('QueueChanged', 'Live updates stopped: connection closed (1006)');
        await flushPromises();
        const alert = w.findAll('[role="alert"]').map((a) => a.text());
        expect(alert.join()).toContain('Live updates stopped: connection closed (1006)');
        expect(alert.join()).toContain('every 5 s');
        expect(api.calls).toHaveLength(2);
        await vi.advanceTimersByTimeAsync(5000);
        expect(api.calls).toHaveLength(3);

        // Refresh starts live updates again; the first push ends the polling and the message
        await w
            .findAll('button')
            .find((b) => b.text() === 'Refresh')!
            .trigger('click');
        await flushPromises();
        expect(subscribe).toHaveBeenCalledTimes(2);
        const calls = api.calls.length;
        live.push('QueueChanged', { queueChanged: [head('9', 'RUNNING')] });
        await flushPromises();
        expect(w.find('[role="alert"]').exists()).toBe(false);
        await vi.advanceTimersByTimeAsync(20000);
        expect(api.calls).toHaveLength(calls);
        w.unmount();
    });

    it('reads the history again when the socket is back after a drop', async () => {
        const api = fakeApi({ Runs: () => ({ queue: [], runs: { total: 0, runs: [] } }) });
        const live = fakeSubscriber();
        const w = mount(RunsPage, provide(api.client, live.subscriber));
        await flushPromises();
        expect(api.calls).toHaveLength(1);
        live.subscriber.status.connected = false;
        await flushPromises();
        expect(api.calls).toHaveLength(1);
        live.subscriber.status.connected = true;
        await flushPromises();
        expect(api.calls).toHaveLength(2);
        w.unmount();
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
