import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import TargetPage from '../src/targets/TargetPage.vue';
import { fakeApi, provide } from './fakes';

const SETTINGS = { defaultMinutes: 30, maxMinutes: 120, capMinutes: 480, idleMinutes: 10 };
const LEASE = {
    id: '4',
    target: 'sifive_e',
    slot: '0/1',
    probe: 0,
    holder: 'token:ci',
    reason: 'gdb session',
    open: false,
    createdAt: '2026-12-07T09:00:00Z',
    expiresAt: '2026-12-07T09:30:00Z',
    maxUntil: '2026-12-07T17:00:00Z',
    endedAt: '2026-12-07T09:10:00Z',
    end: 'released',
    endedBy: 'token:ci',
};

function page(over: Record<string, unknown> = {}) {
    return {
        stack: 0,
        slot: 1,
        state: 'KNOWN',
        target: 'sifive_e',
        architecture: 'RISCV',
        core: 'rv32imac',
        flashStatus: 'OK',
        flashMessage: '',
        health: 'READY',
        targetHealth: 'BAD',
        lease: null,
        healthHistory: [
            {
                id: '12',
                health: 'BAD',
                previous: 'GOOD',
                kind: 'CHECK',
                by: 'health-check',
                reason: 'health check failed: HIVE_UID read 0x0',
                output: 'flash: ok (120 ms)\n<script>attach</script>: failed',
                runId: null,
                at: '2026-12-07T09:20:00Z',
            },
            {
                id: '11',
                health: 'GOOD',
                previous: 'UNKNOWN',
                kind: 'SET',
                by: 'root',
                reason: 'new board',
                output: null,
                runId: null,
                at: '2026-12-07T08:00:00Z',
            },
        ],
        leaseHistory: [LEASE],
        ...over,
    };
}

describe('TargetPage', () => {
    it('shows the health history with who, when, why and the check output, and the lease history', async () => {
        const api = fakeApi({ TargetPage: () => ({ slot: page(), leaseSettings: SETTINGS }) });
        const w = mount(TargetPage, { props: { stack: '0', slot: '1' }, ...provide(api.client) });
        await flushPromises();

        expect(api.calls[0]).toEqual({ operation: 'TargetPage', variables: { stack: 0, slot: 1 } });
        expect(w.get('h1').text()).toContain('sifive_e');
        expect(w.get('[data-test="health"]').text()).toBe('BAD');
        const bad = w.get('tr[data-health-change="12"]').text();
        expect(bad).toContain('health-check');
        expect(bad).toContain('health check failed: HIVE_UID read 0x0');
        expect(bad).toContain('CHECK');
        expect(w.get('details pre').text()).toContain('<script>attach</script>: failed');
        expect(w.find('details script').exists(), 'output is text').toBe(false);
        expect(w.get('tr[data-health-change="11"]').text()).toContain('new board');
        expect(w.get('tr[data-lease="4"]').text()).toContain('token:ci');
        expect(w.get('tr[data-lease="4"]').text()).toContain('released by token:ci');
        expect(w.get('[data-test="current-lease"]').text()).toBe('Not leased.');
        expect(w.find('form.lease-form').exists(), 'a free target can be leased here').toBe(true);
    });

    it('leases the target from its page and then shows the lease', async () => {
        let leased = false;
        const open = { ...LEASE, id: '5', holder: 'user:admin', open: true, endedAt: null, end: null, endedBy: null, reason: '' };
        const api = fakeApi({
            TargetPage: () => ({ slot: page(leased ? { lease: open, leaseHistory: [open, LEASE] } : {}), leaseSettings: SETTINGS }),
            CreateLease: (v) => {
                leased = true;
                return { createLease: { ...open, reason: String(v.reason) } };
            },
        });
        const w = mount(TargetPage, { props: { stack: '0', slot: '1' }, ...provide(api.client) });
        await flushPromises();
        await w.get('input[name="minutes"]').setValue(15);
        await w.get('form').trigger('submit');
        await flushPromises();

        expect(api.calls.find((c) => c.operation === 'CreateLease')?.variables).toEqual({
            target: '0/1',
            minutes: 15,
            reason: '',
            wait: false,
        });
        expect(w.get('[data-test="current-lease"]').text()).toContain('Leased by user:admin');
        expect(
            w
                .get('tr[data-lease="5"]')
                .findAll('button')
                .map((b) => b.text()),
        ).toEqual(['Extend', 'Release']);
        expect(w.find('form.lease-form').exists(), 'no second lease form while leased').toBe(false);
    });

    it('shows the user’s pending lease of the target instead of the form, then the lease once it is granted', async () => {
        vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
        try {
            const pending = { ...LEASE, id: '6', holder: 'user:admin', open: false, pending: true, waitsForRun: '7' };
            Object.assign(pending, { endedAt: null, end: null, endedBy: null, grantedAt: null });
            const granted = { ...pending, open: true, pending: false, grantedAt: '2026-12-07T10:05:00Z' };
            let now: typeof pending = pending;
            const api = fakeApi({
                TargetPage: () => ({
                    slot: page(now.open ? { lease: now, leaseHistory: [now, LEASE] } : { leaseHistory: [now, LEASE] }),
                    leaseSettings: SETTINGS,
                }),
                Lease: () => ({ lease: now }),
            });
            const w = mount(TargetPage, { props: { stack: '0', slot: '1' }, ...provide(api.client) });
            await flushPromises();
            expect(w.get('[data-pending-lease="6"]').text()).toContain('waits for run 7 to end');
            expect(w.find('form.lease-form').exists(), 'no second request while one waits').toBe(false);

            now = granted;
            vi.advanceTimersByTime(3000);
            await flushPromises();
            expect(w.get('[data-settled-lease="6"]').text()).toContain('was granted: channel 0');
            expect(w.get('[data-test="current-lease"]').text()).toContain('Leased by user:admin');
            expect(w.find('[data-pending-lease]').exists()).toBe(false);
        } finally {
            vi.useRealTimers();
        }
    });

    it('says so when the rack has no such slot', async () => {
        const api = fakeApi({ TargetPage: () => ({ slot: null, leaseSettings: SETTINGS }) });
        const w = mount(TargetPage, { props: { stack: '3', slot: '9' }, ...provide(api.client) });
        await flushPromises();
        expect(w.text()).toContain('The rack has no slot 3/9.');
    });
});
