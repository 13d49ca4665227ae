import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { Lease } from '../src/generated/schema';
import LeasesPage from '../src/leases/LeasesPage.vue';
import RackDrawing from '../src/rack/RackDrawing.vue';
import { fakeApi, fakeSubscriber, provide, sampleRack } from './fakes';

const SETTINGS = { defaultMinutes: 30, maxMinutes: 120, capMinutes: 480, idleMinutes: 10 };

function lease(id: string, holder: string, over: Partial<Lease> = {}): Lease {
    return {
        id,
        target: 'lm3s6965evb',
        slot: '0/0',
        probe: 0,
        holder,
        reason: 'uart',
        open: true,
        pending: false,
        waitsForRun: null,
        createdAt: '2026-12-07T10:00:00Z',
        grantedAt: '2026-12-07T10:00:00Z',
        expiresAt: '2026-12-07T10:30:00Z',
        maxUntil: '2026-12-07T18:00:00Z',
        endedAt: null,
        end: null,
        endedBy: null,
        endMessage: null,
        ...over,
    };
}

const RACK = {
    stacks: [
        {
            slots: [
                { stack: 0, slot: 0, target: 'lm3s6965evb' },
                { stack: 0, slot: 1, target: 'sifive_e' },
                { stack: 0, slot: 2, target: null },
            ],
        },
    ],
};
const button = (w: ReturnType<typeof mount>, row: string, text: string) =>
    w
        .get(`tr[data-lease="${row}"]`)
        .findAll('button')
        .find((b) => b.text() === text);

describe('LeasesPage', () => {
    it('lists open leases with Extend/Release for the holder and End for an admin, and leases a chosen target', async () => {
        let open = [lease('1', 'user:admin'), lease('2', 'token:ci', { target: 'sifive_e', slot: '0/1' })];
        const api = fakeApi({
            Leases: () => ({ leases: open, leaseSettings: SETTINGS, rack: RACK }),
            CreateLease: (v) => {
                const l = lease('3', 'user:admin', { target: 'sifive_e', slot: String(v.target), reason: String(v.reason) });
                open = [...open, l];
                return { createLease: l };
            },
            ReleaseLease: (v) => {
                const ended = lease(String(v.id), 'token:ci', { open: false, end: 'admin', endedBy: 'user:admin' });
                open = open.filter((l) => l.id !== v.id);
                return { releaseLease: ended };
            },
            ExtendLease: (v) => ({ extendLease: lease(String(v.id), 'user:admin') }),
        });
        const w = mount(LeasesPage, provide(api.client));
        await flushPromises();

        expect(w.get('tr[data-lease="1"]').text()).toContain('user:admin');
        expect(w.get('tr[data-lease="2"]').text()).toContain('sifive_e (0/1)');
        expect(button(w, '1', 'Release')).toBeDefined();
        expect(button(w, '1', 'Extend')).toBeDefined();
        expect(button(w, '2', 'Release')).toBeUndefined();
        expect(button(w, '2', 'End'), 'an admin ends another holder’s lease').toBeDefined();

        // the form offers the rack's targets, not the empty slot
        expect(w.findAll('select[name="target"] option').map((o) => o.attributes('value'))).toEqual(['0/0', '0/1']);
        await w.get('select[name="target"]').setValue('0/1');
        await w.get('input[name="minutes"]').setValue(45);
        await w.get('input[name="reason"]').setValue('bench <b>work</b>');
        await w.get('form').trigger('submit');
        await flushPromises();
        expect(api.calls.find((c) => c.operation === 'CreateLease')?.variables).toEqual({
            target: '0/1',
            minutes: 45,
            reason: 'bench <b>work</b>',
            wait: false,
        });
        expect(w.get('tr[data-lease="3"]').text()).toContain('bench <b>work</b>');
        expect(w.find('tr[data-lease="3"] b').exists(), 'a reason is text').toBe(false);

        await button(w, '2', 'End')!.trigger('click');
        await flushPromises();
        expect(api.calls.find((c) => c.operation === 'ReleaseLease')?.variables).toEqual({ id: '2' });
        expect(w.find('tr[data-lease="2"]').exists()).toBe(false);
        await button(w, '1', 'Extend')!.trigger('click');
        await flushPromises();
        expect(api.calls.find((c) => c.operation === 'ExtendLease')?.variables).toEqual({ id: '1' });
    });

    it('shows a maintainer no End on another’s lease, and the monitor’s refusal of a lease', async () => {
        const api = fakeApi({
            Leases: () => ({ leases: [lease('2', 'token:ci')], leaseSettings: SETTINGS, rack: RACK }),
            CreateLease: () => {
                throw new GraphQLRequestError(['target 0/0 is leased (lease 2 by token:ci until 2026-12-07T10:30:00Z)'], 200);
            },
        });
        const p = provide(api.client);
        p.session.user = { id: '2', name: 'maint', role: 'MAINTAINER', createdAt: '2026-11-01T00:00:00Z' };
        const w = mount(LeasesPage, p);
        await flushPromises();
        expect(w.get('tr[data-lease="2"]').findAll('button')).toHaveLength(0);

        await w.get('form').trigger('submit');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('target 0/0 is leased (lease 2 by token:ci');
    });

    it('reads the list again when the rack changes (a lease granted or ended elsewhere)', async () => {
        let calls = 0;
        const api = fakeApi({
            Leases: () => ({ leases: calls++ === 0 ? [] : [lease('5', 'token:ci')], leaseSettings: SETTINGS, rack: RACK }),
        });
        const sub = fakeSubscriber();
        const w = mount(LeasesPage, provide(api.client, sub.subscriber));
        await flushPromises();
        expect(w.text()).toContain('No leases.');
        sub.push('LeasesRackChanged', { rackChanged: { name: 'r' } });
        await flushPromises();
        expect(w.get('tr[data-lease="5"]').text()).toContain('token:ci');
    });
});

describe('LeasesPage, waiting for a run', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
    afterEach(() => vi.useRealTimers());

    const BUSY =
        'run 7 is using the rack; a lease is granted between runs: ask with wait (hive lease/gdb/console --wait) to have it granted when the run ends';
    const pending = (id: string, holder = 'user:admin') =>
        lease(id, holder, { target: 'sifive_e', slot: '0/1', probe: -1, open: false, pending: true, waitsForRun: '7', grantedAt: null });

    it('offers to wait when a run is in the way, shows the pending lease, and the grant when it comes', async () => {
        let leases: Lease[] = [];
        let polled: Lease = pending('3');
        const api = fakeApi({
            Leases: () => ({ leases, leaseSettings: SETTINGS, rack: RACK }),
            CreateLease: (v) => {
                if (!v.wait) throw new GraphQLRequestError([BUSY], 200);
                leases = [pending('3')];
                return { createLease: leases[0] };
            },
            Lease: (v) => ({ lease: { ...polled, id: String(v.id) } }),
        });
        const w = mount(LeasesPage, provide(api.client));
        await flushPromises();
        await w.get('select[name="target"]').setValue('0/1');
        await w.get('form').trigger('submit');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('run 7 is using the rack');
        await w.get('[data-test="wait-offer"] button').trigger('click');
        await flushPromises();
        expect(api.calls.filter((c) => c.operation === 'CreateLease').map((c) => c.variables.wait)).toEqual([false, true]);
        expect(w.find('[role="alert"]').exists(), 'the refusal is gone once waiting').toBe(false);
        expect(w.get('[data-pending-lease="3"]').text()).toContain('waits for run 7 to end');
        expect(w.get('tr[data-lease="3"]').text()).toContain('pending (run 7)');
        expect(w.get('tr[data-lease="3"]').text(), 'no channel chosen yet').toContain('any channel');

        // asked for every few seconds while pending (this keeps it from being reclaimed)
        vi.advanceTimersByTime(3000);
        await flushPromises();
        vi.advanceTimersByTime(3000);
        await flushPromises();
        expect(api.calls.filter((c) => c.operation === 'Lease').map((c) => c.variables)).toEqual([{ id: '3' }, { id: '3' }]);
        expect(w.find('[data-pending-lease="3"]').exists()).toBe(true);

        polled = lease('3', 'user:admin', { target: 'sifive_e', slot: '0/1', probe: 1, waitsForRun: '7' });
        leases = [polled];
        vi.advanceTimersByTime(3000);
        await flushPromises();
        expect(w.get('[data-settled-lease="3"]').text()).toContain('Lease 3 of sifive_e was granted: channel 1');
        expect(w.find('[data-pending-lease]').exists()).toBe(false);
        expect(w.get('tr[data-lease="3"]').text()).toContain('open');
        const asked = api.calls.filter((c) => c.operation === 'Lease').length;
        vi.advanceTimersByTime(9000);
        await flushPromises();
        expect(
            api.calls.filter((c) => c.operation === 'Lease'),
            'nothing pending: no more polls',
        ).toHaveLength(asked);
    });

    it('asks with wait when the box is ticked, cancels a pending lease, and says why one was not granted', async () => {
        let leases: Lease[] = [pending('4'), pending('5')];
        const refused = lease('5', 'user:admin', {
            open: false,
            end: 'refused',
            endedBy: 'monitor',
            endMessage: 'not granted when run 7 ended: target 0/1 is leased (lease 2 by token:ci until 2026-12-07T11:00:00Z)',
        });
        const api = fakeApi({
            Leases: () => ({ leases, leaseSettings: SETTINGS, rack: RACK }),
            CreateLease: (v) => ({ createLease: lease('6', 'user:admin', { open: !v.wait, pending: Boolean(v.wait) }) }),
            ReleaseLease: (v) => {
                leases = leases.filter((l) => l.id !== v.id);
                return { releaseLease: lease(String(v.id), 'user:admin', { open: false, end: 'released', endedBy: 'user:admin' }) };
            },
            Lease: (v) => ({ lease: v.id === '5' ? refused : pending('4') }),
        });
        const w = mount(LeasesPage, provide(api.client));
        await flushPromises();
        await w.get('input[name="wait"]').setValue(true);
        await w.get('form').trigger('submit');
        await flushPromises();
        expect(api.calls.find((c) => c.operation === 'CreateLease')?.variables).toMatchObject({ target: '0/0', wait: true });

        await w.get('[data-pending-lease="4"] button').trigger('click');
        await flushPromises();
        expect(api.calls.find((c) => c.operation === 'ReleaseLease')?.variables).toEqual({ id: '4' });
        expect(w.find('[data-pending-lease="4"]').exists()).toBe(false);

        leases = [];
        vi.advanceTimersByTime(3000);
        await flushPromises();
        expect(w.get('[data-settled-lease="5"]').text()).toContain(
            'was not granted: not granted when run 7 ended: target 0/1 is leased (lease 2 by token:ci',
        );
        expect(w.find('[data-settled-lease="4"]').exists(), 'a cancelled lease is no news').toBe(false);
    });

    it('neither shows nor polls another user’s pending lease', async () => {
        const api = fakeApi({ Leases: () => ({ leases: [pending('8', 'token:ci')], leaseSettings: SETTINGS, rack: RACK }) });
        const w = mount(LeasesPage, provide(api.client));
        await flushPromises();
        expect(w.find('[data-pending-lease]').exists()).toBe(false);
        expect(button(w, '8', 'End'), 'an admin may end it').toBeDefined();
        vi.advanceTimersByTime(9000);
        await flushPromises();
        expect(api.calls.map((c) => c.operation)).toEqual(['Leases']);
    });
});

describe('LeasesPage history', () => {
    it('asks for the ended leases too when told to, and shows how and by whom each ended', async () => {
        const ended = lease('3', 'token:ci', { open: false, end: 'expired', endedBy: 'monitor', endedAt: '2026-12-07T10:30:00Z' });
        const api = fakeApi({ Leases: (v) => ({ leases: v.all ? [ended] : [], leaseSettings: SETTINGS, rack: RACK }) });
        const w = mount(LeasesPage, provide(api.client));
        await flushPromises();
        await w.get('input[name="all"]').setValue(true);
        await flushPromises();
        expect(api.calls.map((c) => c.variables)).toEqual([{ all: false }, { all: true }]);
        expect(w.get('tr[data-lease="3"]').text()).toContain('expired by monitor');
        expect(w.get('tr[data-lease="3"]').findAll('button')).toHaveLength(0);
    });
});

describe('RackDrawing with leases', () => {
    it('marks a leased target and names its holder and end', () => {
        const rack = sampleRack();
        rack.stacks[0]!.slots[1]!.lease = lease('9', 'user:alice', { slot: '0/1' });
        const w = mount(RackDrawing, { props: { rack } });
        const leased = w.get('g.slot[data-stack="0"][data-slot="1"]');
        expect(leased.classes()).toContain('leased');
        expect(leased.text()).toMatch(/leased: alice → \d\d:\d\d/);
        expect(leased.get('title').text()).toContain('leased by user:alice until 2026-12-07T10:30:00Z (lease 9)');
        expect(w.get('g.slot[data-stack="0"][data-slot="0"]').classes()).not.toContain('leased');
    });
});
