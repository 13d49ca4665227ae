import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import RackDrawing from '../src/rack/RackDrawing.vue';
import { sampleRack } from './fakes';

describe('RackDrawing', () => {
    it('draws every channel and every slot', () => {
        const w = mount(RackDrawing, { props: { rack: sampleRack() } });
        expect(w.findAll('g.channel')).toHaveLength(2);
        expect(w.findAll('g.slot')).toHaveLength(7);
        expect(w.findAll('g.stack')).toHaveLength(2);
    });

    it('gives each slot the look of its state, flash outcome and health', () => {
        const w = mount(RackDrawing, { props: { rack: sampleRack() } });
        const look = (stack: number, slot: number) =>
            w
                .get(`g.slot[data-stack="${stack}"][data-slot="${slot}"]`)
                .classes()
                .find((c) => c.startsWith('look-'));
        expect(look(0, 0)).toBe('look-ready');
        expect(look(0, 1)).toBe('look-flash-error');
        expect(look(0, 2)).toBe('look-not-flashed');
        expect(look(0, 3)).toBe('look-lost');
        expect(look(1, 0)).toBe('look-unknown');
        expect(look(1, 1)).toBe('look-empty');
        expect(look(1, 2)).toBe('look-powered-off');
        // the colours differ between a ready and a failed slot
        const fill = (s: number, t: number) => w.get(`g.slot[data-stack="${s}"][data-slot="${t}"] rect`).attributes('fill');
        expect(fill(0, 0)).not.toBe(fill(0, 1));
        expect(w.get('g.slot[data-stack="0"][data-slot="0"]').text()).toContain('nrf52840-00');
        expect(w.get('g.slot[data-stack="1"][data-slot="0"]').text()).toContain('unknown');
    });

    it('shows a quarantined target with its health, and why in the tooltip', () => {
        const rack = sampleRack();
        rack.stacks[0]!.slots[0]!.targetHealth = 'BAD';
        rack.stacks[0]!.slots[0]!.targetHealthSince = {
            id: '7',
            health: 'BAD',
            previous: 'UNKNOWN',
            kind: 'CHECK',
            by: 'health-check',
            reason: 'health check failed: HIVE_UID read 0x0',
            output: null,
            runId: null,
            at: '2026-12-07T02:31:10Z',
        };
        const w = mount(RackDrawing, { props: { rack } });
        const bad = w.get('g.slot[data-stack="0"][data-slot="0"]');
        expect(bad.classes()).toContain('health-BAD');
        expect(bad.classes()).toContain('quarantined');
        expect(bad.text()).toContain('BAD');
        expect(bad.get('title').text()).toContain('health BAD since 2026-12-07T02:31:10Z (health-check): health check failed');
        const good = w.get('g.slot[data-stack="0"][data-slot="1"]');
        expect(good.classes()).toContain('health-GOOD');
        expect(good.classes()).not.toContain('quarantined');
    });

    it('shows the assigned probe on its channel and flags one that is assigned but not detected', () => {
        const rack = sampleRack();
        rack.channels[1]!.assigned = { kind: 'stlink', identifier: 'v3', serial: 'X9', vendorId: 1155, productId: 14158 };
        const w = mount(RackDrawing, { props: { rack } });
        expect(w.get('g.channel[data-channel="0"]').text()).toContain('qemu-gdb rsp0 (S0)');
        expect(w.get('g.channel[data-channel="0"]').classes()).not.toContain('mismatch');
        expect(w.get('g.channel[data-channel="1"]').classes()).toContain('mismatch');
    });

    it('emits the channel or slot that was clicked, and marks the selected one', async () => {
        const w = mount(RackDrawing, { props: { rack: sampleRack(), selected: { kind: 'slot', stack: 1, slot: 2 } } });
        await w.get('g.slot[data-stack="0"][data-slot="3"]').trigger('click');
        await w.get('g.channel[data-channel="1"]').trigger('click');
        expect(w.emitted('selectSlot')).toEqual([[0, 3]]);
        expect(w.emitted('selectChannel')).toEqual([[1]]);
        expect(w.get('g.slot[data-stack="1"][data-slot="2"]').classes()).toContain('selected');
    });

    it('renders a target name with markup as text', () => {
        const rack = sampleRack();
        rack.stacks[0]!.slots[0]!.target = '<script>x()</script>';
        const w = mount(RackDrawing, { props: { rack } });
        expect(w.find('script').exists()).toBe(false);
        expect(w.get('g.slot[data-stack="0"][data-slot="0"]').text()).toContain('<script>');
    });
});
