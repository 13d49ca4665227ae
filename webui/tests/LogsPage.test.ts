import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../src/generated/schema';
import LogsPage from '../src/logs/LogsPage.vue';
import { fakeApi, fakeSubscriber, provide } from './fakes';

const entry = (id: number, message: string): LogEntry => ({
    id: String(id),
    source: 'MONITOR',
    runId: null,
    level: 'INFO',
    logger: 'dev.hive.monitor',
    message,
    at: `2026-11-22T00:00:${String(id).padStart(2, '0')}Z`,
});

describe('LogsPage', () => {
    it('loads the newest page, then older ones with the cursor, and tails live entries on top', async () => {
        const api = fakeApi({
            Logs: ({ before }) =>
                before == null
                    ? { logs: { entries: [entry(30, 'newest'), entry(29, 'older')], nextCursor: '29' } }
                    : { logs: { entries: [entry(28, 'oldest')], nextCursor: null } },
        });
        const live = fakeSubscriber();
        const w = mount(LogsPage, provide(api.client, live.subscriber));
        await flushPromises();
        expect(api.calls[0]).toEqual({ operation: 'Logs', variables: { source: 'MONITOR', level: 'INFO', limit: 200, before: null } });
        expect(w.findAll('.message').map((m) => m.text())).toEqual(['newest', 'older']);

        await w
            .findAll('button')
            .find((b) => b.text() === 'Load older')!
            .trigger('click');
        await flushPromises();
        expect(api.calls[1]!.variables.before).toBe('29');
        expect(w.findAll('.message').map((m) => m.text())).toEqual(['newest', 'older', 'oldest']);
        expect(w.text()).toContain('No older entries');

        live.push('LogAdded', { logAdded: entry(31, 'live') });
        await flushPromises();
        expect(w.findAll('.message').map((m) => m.text())[0]).toBe('live');
    });

    it('reloads and resubscribes for the runner tab and another level', async () => {
        const api = fakeApi({ Logs: () => ({ logs: { entries: [], nextCursor: null } }) });
        const live = fakeSubscriber();
        const w = mount(LogsPage, provide(api.client, live.subscriber));
        await flushPromises();
        await w
            .findAll('.tabs button')
            .find((b) => b.text() === 'Runner')!
            .trigger('click');
        await w.get('select[name="level"]').setValue('ERROR');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toMatchObject({ source: 'RUNNER', level: 'ERROR' });
        expect(live.isActive('LogAdded')).toBe(true);
        await w.get('input[type="checkbox"]').setValue(false);
        expect(live.isActive('LogAdded')).toBe(false);
    });

    it('shows why the logs could not be read', async () => {
        const api = fakeApi({
            Logs: () => {
                throw new Error('HTTP 500: database locked');
            },
        });
        const w = mount(LogsPage, provide(api.client));
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('database locked');
    });
});

describe('LogsPage switching', () => {
    it('drops a page that arrives after the tab was switched', async () => {
        const pending: Array<(v: unknown) => void> = [];
        const api = fakeApi({ Logs: () => new Promise((resolve) => pending.push(resolve)) });
        const w = mount(LogsPage, provide(api.client));
        await w
            .findAll('.tabs button')
            .find((b) => b.text() === 'Runner')!
            .trigger('click');
        await flushPromises();
        expect(pending).toHaveLength(2);
        pending[1]!({ logs: { entries: [{ ...entry(5, 'runner line'), source: 'RUNNER' }], nextCursor: null } });
        pending[0]!({ logs: { entries: [entry(9, 'monitor line')], nextCursor: '9' } });
        await flushPromises();
        expect(w.findAll('.message').map((m) => m.text())).toEqual(['runner line']);
        expect(w.text()).toContain('No older entries');
    });
});
