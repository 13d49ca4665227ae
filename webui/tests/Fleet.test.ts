import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import FleetPage from '../src/fleet/FleetPage.vue';
import HubBadge from '../src/fleet/HubBadge.vue';
import RunRacks from '../src/fleet/RunRacks.vue';
import { age, racksByTarget, shardRows } from '../src/fleet/shards';
import type { Fleet, Shard } from '../src/generated/schema';
import { fakeApi, provide, result } from './fakes';

const hub = { rackId: 'front', state: 'CONNECTED' as const, since: '2026-12-07T05:00:00Z', server: 'nats://hub:4222', reason: null };
const front: Fleet = {
    role: 'FRONT',
    hub,
    racksReadAt: '2026-12-07T05:03:12Z',
    racksError: null,
    racks: [
        {
            id: 'rack-a',
            lab: 'lab1',
            version: '0.1.0',
            live: true,
            busy: true,
            queueLength: 2,
            lastSeen: new Date(Date.now() - 3_000).toISOString(),
            channels: 2,
            targets: [
                { name: 'lm3s6965evb', slot: '0/0', state: 'flashed', health: 'GOOD' },
                { name: 'sifive_e', slot: '0/1', state: 'flashed', health: 'BAD' },
            ],
        },
        {
            id: 'rack-b',
            lab: 'lab2',
            version: '0.1.0',
            live: false,
            busy: false,
            queueLength: 0,
            lastSeen: '2026-12-07T04:00:00Z',
            channels: 2,
            targets: [{ name: 'netduinoplus2', slot: '0/0', state: 'flashed', health: null }],
        },
    ],
};

describe('FleetPage', () => {
    it('lists every rack with lab, busy/idle/gone, queue, last seen and each target with its health', async () => {
        const api = fakeApi({ Fleet: () => ({ fleet: front }) });
        const w = mount(FleetPage, { ...provide(api.client) });
        await flushPromises();
        expect(w.get('[data-test="hub"]').text()).toContain('connected');
        expect(w.get('[data-test="hub"]').text()).toContain('nats://hub:4222');
        const a = w.get('[data-rack="rack-a"]');
        expect(a.text()).toContain('lab1');
        expect(a.get('[data-test="state"]').text()).toBe('busy');
        expect(a.text()).toMatch(/\d s ago/);
        expect(a.get('[data-target="sifive_e"] .badge').text()).toBe('BAD');
        expect(a.get('[data-target="sifive_e"] .badge').classes()).toContain('FAILED');
        expect(a.get('[data-target="lm3s6965evb"] .badge').classes()).toContain('ok');
        const b = w.get('[data-rack="rack-b"]');
        expect(b.get('[data-test="state"]').text()).toBe('gone');
        expect(b.classes()).toContain('gone');
        expect(b.find('[data-target="netduinoplus2"] .badge').exists()).toBe(false);
        w.unmount();
    });

    it('says why the racks are stale when the hub is away, and when the monitor is not in a fleet', async () => {
        const away = {
            ...front,
            hub: { ...hub, state: 'RECONNECTING' as const, reason: 'Connection refused' },
            racksError: 'the hub is not connected (reconnecting): the racks are as last read',
        };
        const w = mount(FleetPage, { ...provide(fakeApi({ Fleet: () => ({ fleet: away }) }).client) });
        await flushPromises();
        expect(w.get('[data-test="racks-error"]').text()).toContain('the racks are as last read');
        expect(w.get('[data-test="hub"]').text()).toContain('last error: Connection refused');
        w.unmount();

        const none = mount(FleetPage, { ...provide(fakeApi({ Fleet: () => ({ fleet: null }) }).client) });
        await flushPromises();
        expect(none.get('[data-test="no-fleet"]').text()).toContain('not in a fleet');
        none.unmount();
    });
});

describe('HubBadge', () => {
    it('shows a rack its hub connection, and the reason while it reconnects', async () => {
        const api = fakeApi({
            FleetHub: () => ({
                fleet: { role: 'RACK', hub: { ...hub, rackId: 'rack-a', state: 'RECONNECTING', reason: 'Connection refused' } },
            }),
        });
        const w = mount(HubBadge, { props: { refreshMillis: 10 }, ...provide(api.client) });
        await flushPromises();
        expect(w.get('[data-test="hub-badge"]').text()).toBe('hub reconnecting');
        expect(w.get('[data-test="hub-reason"]').text()).toBe('Connection refused');
        await new Promise((ok) => setTimeout(ok, 60));
        expect(api.calls.length, 'asked again while in fleet mode').toBeGreaterThan(1);
        expect(w.find('a').exists()).toBe(false);
        w.unmount();
    });

    it('links a front to its fleet page, and shows nothing without fleet mode', async () => {
        const w = mount(HubBadge, { ...provide(fakeApi({ FleetHub: () => ({ fleet: { role: 'FRONT', hub } }) }).client) });
        await flushPromises();
        expect(w.get('[data-test="hub-badge"]').text()).toBe('hub connected');
        expect(w.find('[data-test="hub-reason"]').exists()).toBe(false);
        expect(w.get('a').text()).toBe('Fleet');
        w.unmount();

        const offApi = fakeApi({ FleetHub: () => ({ fleet: null }) });
        const off = mount(HubBadge, { props: { refreshMillis: 10 }, ...provide(offApi.client) });
        await flushPromises();
        expect(off.html()).not.toContain('hub');
        await new Promise((ok) => setTimeout(ok, 60));
        expect(offApi.calls, 'no polling without fleet mode').toHaveLength(1);
        off.unmount();
    });
});

describe('RunRacks', () => {
    it('shows the rack that ran each target, and a handed-over shard', async () => {
        const results = [
            result('T#a', 'sifive_e', 'PASSED', { rack: 'rack-a' }),
            result('T#b', 'sifive_e', 'PASSED', { rack: 'rack-a' }),
            result('T#a', 'netduinoplus2', 'PASSED', { rack: 'rack-b' }),
            result('T#b', 'netduinoplus2', 'PASSED', { rack: 'rack-a' }),
        ];
        const w = mount(RunRacks, { props: { results } });
        expect(
            w
                .get('[data-target="sifive_e"]')
                .findAll('td')
                .map((td) => td.text()),
        ).toEqual(['sifive_e', 'rack-a', '2']);
        expect(w.get('[data-target="netduinoplus2"]').text()).toContain('rack-a, rack-b');
        expect(w.get('[data-target="netduinoplus2"]').text()).toContain('handed over');
        w.unmount();
        expect(
            mount(RunRacks, { props: { results: [result('T#a', 'x', 'PASSED')] } })
                .find('[data-test="run-racks"]')
                .exists(),
        ).toBe(false);
    });

    it("shows each shard's state and every rack's attempt, the first lost, when the front kept them", () => {
        const results = [
            result('T#a', 'lm3s6965evb', 'PASSED', { rack: 'rack-a' }),
            result('T#b', 'lm3s6965evb', 'PASSED', { rack: 'rack-b' }),
            result('T#a', 'sifive_e', 'PASSED', { rack: 'rack-a' }),
        ];
        const shards: Shard[] = [
            {
                target: 'sifive_e',
                pinnedRack: null,
                state: 'LOST',
                error: 'rack lost: rack-a stopped reporting (attempt 1) and no other live rack offers sifive_e',
                attempts: [
                    { attempt: 1, rack: 'rack-a', startedAt: '2026-12-07T09:00:00Z', endedAt: '2026-12-07T09:00:20Z', outcome: 'LOST' },
                ],
            },
            {
                target: 'lm3s6965evb',
                pinnedRack: null,
                state: 'FINISHED',
                error: null,
                attempts: [
                    { attempt: 1, rack: 'rack-a', startedAt: '2026-12-07T09:00:01Z', endedAt: '2026-12-07T09:00:09Z', outcome: 'LOST' },
                    { attempt: 2, rack: 'rack-b', startedAt: '2026-12-07T09:00:09Z', endedAt: '2026-12-07T09:00:30Z', outcome: 'FINISHED' },
                ],
            },
            { target: 'netduinoplus2', pinnedRack: null, state: 'QUEUED', error: null, attempts: [] },
        ];
        const w = mount(RunRacks, { props: { results, shards } });
        expect(w.find('[data-test="run-racks"]').exists()).toBe(false);
        expect(w.findAll('[data-test="run-shards"] tbody tr').map((tr) => tr.attributes('data-target'))).toEqual([
            'lm3s6965evb',
            'netduinoplus2',
            'sifive_e',
        ]);
        const handedOver = w.get('[data-target="lm3s6965evb"]');
        expect(handedOver.findAll('td').map((td) => td.text())[1]).toBe('finished');
        expect(handedOver.findAll('[data-test="attempt"]').map((li) => li.text())).toEqual([
            'attempt 1 on rack-a: lost, 09:00:01–09:00:09',
            'attempt 2 on rack-b: finished, 09:00:09–09:00:30',
        ]);
        expect(
            handedOver.findAll('[data-test="attempt"]').map((li) => [li.attributes('data-rack'), li.attributes('data-outcome')]),
        ).toEqual([
            ['rack-a', 'lost'],
            ['rack-b', 'finished'],
        ]);
        expect(handedOver.get('[data-test="attempt"]').classes()).toContain('lost');
        expect(handedOver.get('[data-test="result-count"]').text()).toBe('2');
        expect(handedOver.findAll('[data-test="result-rack"]').map((li) => li.text())).toEqual(['1 from rack-a', '1 from rack-b']);
        expect(
            w
                .get('[data-target="sifive_e"]')
                .findAll('[data-test="result-rack"]')
                .map((li) => li.text()),
        ).toEqual(['1 from rack-a']);
        expect(w.get('[data-target="netduinoplus2"]').find('[data-test="result-rack"]').exists(), 'no results, no racks').toBe(false);
        expect(w.get('[data-target="netduinoplus2"]').text()).toContain('no rack took it yet');
        const lost = w.get('[data-target="sifive_e"]');
        expect(lost.text()).toContain('rack lost: rack-a stopped reporting');
        expect(lost.get('.shard-state').classes()).toContain('lost');
    });

    it("counts a shard's results by rack, the racks of its attempts first, in attempt order", () => {
        // rack-b ran attempt 1 and lost its claim; rack-a took it (attempt 2); a result of an unknown rack comes last
        const results = [
            result('T#a', 'lm3s6965evb', 'PASSED', { rack: 'rack-a' }),
            result('T#b', 'lm3s6965evb', 'PASSED', { rack: 'rack-a' }),
            result('T#c', 'lm3s6965evb', 'PASSED', { rack: 'rack-b' }),
            result('T#d', 'lm3s6965evb', 'PASSED', { rack: 'old-rack' }),
            result('T#e', 'lm3s6965evb', 'PASSED'),
            result('T#a', 'sifive_e', 'PASSED', { rack: 'rack-b' }),
        ];
        const shards: Shard[] = [
            {
                target: 'lm3s6965evb',
                pinnedRack: null,
                state: 'FINISHED',
                error: null,
                attempts: [
                    { attempt: 1, rack: 'rack-b', startedAt: '2026-12-07T09:00:01Z', endedAt: '2026-12-07T09:00:09Z', outcome: 'LOST' },
                    { attempt: 2, rack: 'rack-a', startedAt: '2026-12-07T09:00:09Z', endedAt: '2026-12-07T09:00:30Z', outcome: 'FINISHED' },
                ],
            },
        ];
        const row = shardRows(shards, results)[0];
        expect(row.results).toBe(5);
        expect(row.resultRacks).toEqual([
            { rack: 'rack-b', results: 1 },
            { rack: 'rack-a', results: 2 },
            { rack: 'old-rack', results: 1 },
        ]);
        expect(row.attempts.map((a) => a.text)).toEqual([
            'attempt 1 on rack-b: lost, 09:00:01–09:00:09',
            'attempt 2 on rack-a: finished, 09:00:09–09:00:30',
        ]);
    });

    it('shows a running attempt as running, and falls back to the racks of the results without shards', () => {
        const shards: Shard[] = [
            {
                target: 'sifive_e',
                pinnedRack: null,
                state: 'RUNNING',
                error: null,
                attempts: [{ attempt: 1, rack: 'rack-a', startedAt: '2026-12-07T09:00:00Z', endedAt: null, outcome: null }],
            },
        ];
        const w = mount(RunRacks, { props: { results: [], shards } });
        expect(w.get('[data-test="attempt"]').text()).toBe('attempt 1 on rack-a: running, 09:00:00–');
        const plain = mount(RunRacks, { props: { results: [result('T#a', 'x', 'PASSED', { rack: 'r1' })], shards: [] } });
        expect(plain.find('[data-test="run-shards"]').exists()).toBe(false);
        expect(plain.get('[data-test="run-racks"]').text()).toContain('r1');
    });

    it('groups by target and says how long ago', () => {
        expect(
            racksByTarget([result('T#a', 'b', 'PASSED', { rack: 'r2' }), result('T#a', 'a', 'PASSED', { rack: 'r1' })]).map(
                (r) => r.target,
            ),
        ).toEqual(['a', 'b']);
        const now = new Date('2026-12-07T05:00:00Z');
        expect(age('2026-12-07T04:59:50Z', now)).toBe('10 s ago');
        expect(age('2026-12-07T04:50:00Z', now)).toBe('10 min ago');
        expect(age('2026-12-07T05:00:10Z', now)).toBe('');
    });
});
