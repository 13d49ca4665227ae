import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import DashboardPage from '../src/rack/DashboardPage.vue';
import { fakeApi, fakeSubscriber, provide, sampleRack } from './fakes';

const systemInfo = {
    hostname: 'rack1',
    os: 'Linux',
    cores: 2,
    loadAverage: 0.5,
    memoryTotalBytes: 8e9,
    memoryFreeBytes: 4e9,
    diskTotalBytes: 1e11,
    diskFreeBytes: 5e10,
    monitorVersion: '0.1.0',
    javaVersion: '17',
    sandbox: 'bubblewrap',
};

function dashboardApi(extra: Record<string, (v: Record<string, unknown>) => unknown> = {}) {
    return fakeApi({ Dashboard: () => ({ rack: sampleRack(), connectedProbes: [], systemInfo }), ...extra });
}

describe('DashboardPage', () => {
    it('draws the rack, lists flash problems and redraws on rackChanged', async () => {
        const live = fakeSubscriber();
        const w = mount(DashboardPage, provide(dashboardApi().client, live.subscriber));
        await flushPromises();
        expect(w.findAll('g.slot')).toHaveLength(7);
        expect(w.text()).toContain('flash failed: timeout');
        expect(live.isActive('RackChanged')).toBe(true);

        const changed = sampleRack();
        changed.stacks[0]!.slots[1]!.flashStatus = 'OK';
        changed.stacks[0]!.slots[1]!.flashMessage = '';
        live.push('RackChanged', { rackChanged: changed });
        await flushPromises();
        expect(w.get('g.slot[data-stack="0"][data-slot="1"]').classes()).toContain('look-ready');
        expect(w.text()).not.toContain('flash failed: timeout');
        w.unmount();
        expect(live.isActive('RackChanged')).toBe(false);
    });

    it('shows why the rack could not be reloaded', async () => {
        const api = dashboardApi({
            ReinitializeRack: () => {
                throw new GraphQLRequestError(['A run is in progress; try again when it ends']);
            },
        });
        const w = mount(DashboardPage, provide(api.client));
        await flushPromises();
        await w
            .findAll('button')
            .find((b) => b.text() === 'Reload rack')!
            .trigger('click');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('A run is in progress');
    });

    it('shows a live-update failure', async () => {
        const live = fakeSubscriber();
        const w = mount(DashboardPage, provide(dashboardApi().client, live.subscriber));
        await flushPromises();
        live.fail('RackChanged', 'Live updates stopped: connection closed (1006)');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('Live updates stopped');
    });

    it('assigns a target picked from the catalog search to the clicked slot; a reload ends the notice', async () => {
        const api = dashboardApi({
            ReinitializeRack: () => ({ reinitializeRack: sampleRack() }),
            SearchTargets: ({ search }) => ({
                searchTargets: [{ name: `${search}-dk`, architecture: 'ARM', core: 'cortex-m4', emulated: true }],
            }),
            AssignTarget: (v) => ({ assignTarget: { ...sampleRack().stacks[1]!.slots[1]!, state: 'KNOWN', target: v.target } }),
        });
        const w = mount(DashboardPage, provide(api.client));
        await flushPromises();
        await w.get('g.slot[data-stack="1"][data-slot="1"]').trigger('click');
        await w.get('input[name="target"]').setValue('nrf');
        await new Promise((r) => setTimeout(r, 250));
        await flushPromises();
        await w.get('.suggestions li').trigger('click');
        await w
            .findAll('button')
            .find((b) => b.text() === 'Assign')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.find((c) => c.operation === 'AssignTarget')?.variables).toEqual({ stack: 1, slot: 1, target: 'nrf-dk' });
        expect(w.text()).toContain('takes effect when the rack is reloaded');
        expect(w.get('g.slot[data-stack="1"][data-slot="1"]').text()).toContain('nrf-dk');

        await w
            .findAll('button')
            .find((b) => b.text() === 'Reload rack')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.some((c) => c.operation === 'ReinitializeRack')).toBe(true);
        expect(w.text()).not.toContain('takes effect when the rack is reloaded');
    });

    it('shows the load error when the rack cannot be read', async () => {
        const api = fakeApi({
            Dashboard: () => {
                throw new GraphQLRequestError(['Refused (403): CSRF token missing'], 403);
            },
        });
        const w = mount(DashboardPage, provide(api.client));
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('CSRF token missing');
    });
});

describe('DashboardPage channels', () => {
    it('assigns a connected probe to a channel, or none', async () => {
        const probe = { kind: 'stlink', identifier: 'v3', serial: 'X9', vendorId: 1155, productId: 14158 };
        const api = fakeApi({
            Dashboard: () => ({ rack: sampleRack(), connectedProbes: [probe], systemInfo }),
            AssignProbe: (v) => ({ assignProbe: { index: v.channel, uart: null, assigned: v.probe ? probe : null, detected: null } }),
        });
        const w = mount(DashboardPage, provide(api.client));
        await flushPromises();
        await w.get('g.channel[data-channel="1"]').trigger('click');
        await w.get('select[name="probe"]').setValue(w.findAll('select[name="probe"] option')[1]!.element.getAttribute('value'));
        await w
            .findAll('button')
            .find((b) => b.text() === 'Assign')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.at(-1)).toEqual({
            operation: 'AssignProbe',
            variables: { channel: 1, probe: { kind: 'stlink', identifier: 'v3', serial: 'X9' } },
        });
        expect(w.get('g.channel[data-channel="1"]').text()).toContain('stlink v3 (X9)');
        expect(w.text()).toContain('takes effect when the rack is reloaded');

        await w.get('select[name="probe"]').setValue('');
        await w
            .findAll('button')
            .find((b) => b.text() === 'Assign')!
            .trigger('click');
        await flushPromises();
        expect(api.calls.at(-1)!.variables).toEqual({ channel: 1, probe: null });
    });
});
