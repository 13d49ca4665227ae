import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import UartConsole from '../src/leases/UartConsole.vue';
import { streamUrl } from '../src/leases/operations';
import { fakeApi, provide } from './fakes';

/** Stands in for the browser's WebSocket: the test delivers frames and the close. */
class FakeSocket {
    binaryType = 'blob';
    sent: Uint8Array[] = [];
    closedWith: [number, string] | null = null;
    onopen: (() => void) | null = null;
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    constructor(readonly url: string) {}
    send(bytes: Uint8Array) {
        this.sent.push(bytes);
    }
    close(code: number, reason: string) {
        this.closedWith = [code, reason];
    }
    receive(text: string) {
        this.onmessage?.({ data: new TextEncoder().encode(text).buffer });
    }
}

function mountConsole(holder: boolean) {
    const sockets: FakeSocket[] = [];
    const api = fakeApi({
        LeaseStreamTicket: (v) => ({
            leaseStreamTicket: { ticket: 't1', stream: v.stream, path: `/api/v1/leases/${String(v.id)}/streams/uart?ticket=t1` },
        }),
    });
    const connect = (url: string) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s as unknown as WebSocket;
    };
    const w = mount(UartConsole, { props: { leaseId: '7', holder, connect }, ...provide(api.client) });
    return { w, api, sockets };
}

describe('UartConsole', () => {
    it('opens the lease UART with a session ticket and appends the decoded bytes, split characters included', async () => {
        const { w, api, sockets } = mountConsole(true);
        await w.get('[data-test="uart-open"]').trigger('click');
        await flushPromises();

        expect(api.calls).toEqual([{ operation: 'LeaseStreamTicket', variables: { id: '7', stream: 'uart' } }]);
        expect(sockets[0].url).toBe(streamUrl('/api/v1/leases/7/streams/uart?ticket=t1'));
        expect(sockets[0].binaryType).toBe('arraybuffer');
        sockets[0].onopen?.();
        sockets[0].receive('hive:boot\n');
        const euro = new TextEncoder().encode('€');
        sockets[0].onmessage?.({ data: euro.slice(0, 1).buffer });
        sockets[0].onmessage?.({ data: euro.slice(1).buffer });
        sockets[0].receive('\n<b>x</b>');
        await flushPromises();
        expect(w.get('[data-test="uart-output"]').text()).toBe('hive:boot\n€\n<b>x</b>');
        expect(w.find('[data-test="uart-output"] b').exists(), 'bytes are text').toBe(false);

        await w.get('input[name="uart-line"]').setValue('uid?');
        await w.get('form').trigger('submit');
        expect(new TextDecoder().decode(sockets[0].sent[0])).toBe('uid?\n');

        sockets[0].onclose?.({ code: 1000, reason: 'the lease has ended (released)' });
        await flushPromises();
        expect(w.get('[data-test="uart-ended"]').text()).toBe('closed: the lease has ended (released)');
        expect(w.find('[data-test="uart-open"]').exists(), 'it can be opened again').toBe(true);
    });

    it('is read-only for somebody who does not hold the lease, and closes its socket when it goes away', async () => {
        const { w, sockets } = mountConsole(false);
        await w.get('[data-test="uart-open"]').trigger('click');
        await flushPromises();
        sockets[0].onopen?.();
        await flushPromises();
        expect(w.get('[data-test="uart-state"]').text()).toBe('open · read-only');
        expect(w.find('input[name="uart-line"]').exists()).toBe(false);
        w.unmount();
        expect(sockets[0].closedWith).toEqual([1000, 'closed in the dashboard']);
    });

    it('shows why no ticket was given', async () => {
        const api = fakeApi({
            LeaseStreamTicket: () => {
                throw new Error('lease 7 is not open');
            },
        });
        const w = mount(UartConsole, { props: { leaseId: '7', holder: true }, ...provide(api.client) });
        await w.get('[data-test="uart-open"]').trigger('click');
        await flushPromises();
        expect(w.get('[data-test="uart-error"]').text()).toContain('lease 7 is not open');
        expect(w.get('[data-test="uart-state"]').text()).toBe('closed');
    });
});

describe('streamUrl', () => {
    it('follows the page: ws on http, wss on https', () => {
        expect(streamUrl('/p?ticket=x', { protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/p?ticket=x');
        expect(streamUrl('/p', { protocol: 'https:', host: 'rack.lab' })).toBe('wss://rack.lab/p');
    });
});
