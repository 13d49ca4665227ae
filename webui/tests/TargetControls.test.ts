import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import TargetControls from '../src/rack/TargetControls.vue';
import { fakeApi, provide, slot } from './fakes';

const op = (over: Record<string, unknown>) => ({
    id: '7',
    stack: 0,
    slot: 1,
    kind: 'FLASH',
    state: 'QUEUED',
    output: '',
    requestedBy: 'admin',
    createdAt: '2026-12-07T00:00:00Z',
    endedAt: null,
    ...over,
});

const button = (w: ReturnType<typeof mount>, text: string) => w.findAll('button').find((b) => b.text() === text)!;

describe('TargetControls', () => {
    afterEach(() => vi.useRealTimers());

    it('powers off, powers on and resets the target of its slot', async () => {
        const api = fakeApi({
            PowerTarget: (v) => ({ powerTarget: op({ kind: v.on ? 'POWER_ON' : 'POWER_OFF', state: 'SUCCEEDED' }) }),
            ResetTarget: () => ({ resetTarget: op({ kind: 'RESET', state: 'SUCCEEDED' }) }),
        });
        const w = mount(TargetControls, { props: { targetSlot: slot(0, 1) }, ...provide(api.client) });

        await button(w, 'Power off').trigger('click');
        await flushPromises();
        expect(w.text()).toContain('power off: succeeded');
        await button(w, 'Power on').trigger('click');
        await button(w, 'Reset').trigger('click');
        await flushPromises();

        expect(api.calls).toEqual([
            { operation: 'PowerTarget', variables: { stack: 0, slot: 1, on: false } },
            { operation: 'PowerTarget', variables: { stack: 0, slot: 1, on: true } },
            { operation: 'ResetTarget', variables: { stack: 0, slot: 1 } },
        ]);
        expect(w.text()).toContain('reset: succeeded');
    });

    it('uploads an ELF as base64 and follows the flash until it fails, showing the output', async () => {
        vi.useFakeTimers();
        const states = ['RUNNING', 'FAILED'];
        const api = fakeApi({
            FlashTarget: () => ({ flashTarget: op({}) }),
            TargetOperation: () => {
                const state = states.shift()!;
                return { targetOperation: op({ state, output: state === 'FAILED' ? 'not an ELF file' : '' }) };
            },
        });
        const w = mount(TargetControls, { props: { targetSlot: slot(0, 1) }, ...provide(api.client) });
        const input = w.get('input[name="elf"]');
        const file = new File([new Uint8Array([0x7f, 0x45, 0x4c, 0x46])], 'app.elf');
        Object.defineProperty(input.element, 'files', { value: [file] });

        await input.trigger('change');
        await vi.waitFor(() => expect(api.calls.map((c) => c.operation)).toContain('FlashTarget'));
        await flushPromises();
        expect(w.text()).toContain('flash: queued');
        await vi.advanceTimersByTimeAsync(600);
        await vi.advanceTimersByTimeAsync(600);
        await flushPromises();

        expect(api.calls[0]).toEqual({ operation: 'FlashTarget', variables: { stack: 0, slot: 1, elfBase64: 'f0VMRg==' } });
        expect(api.calls.filter((c) => c.operation === 'TargetOperation')).toHaveLength(2);
        expect(w.text()).toContain('flash: failed');
        expect(w.get('pre').text()).toBe('not an ELF file');
    });

    it('shows the refusal of a user who is not an admin', async () => {
        const api = fakeApi({
            ResetTarget: () => {
                throw new GraphQLRequestError(["'viewer' may not control target 0/1: admins only"]);
            },
        });
        const w = mount(TargetControls, { props: { targetSlot: slot(0, 1) }, ...provide(api.client) });
        await button(w, 'Reset').trigger('click');
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('admins only');
    });
});
