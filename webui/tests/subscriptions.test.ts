import { describe, expect, it, vi } from 'vitest';
import { createSubscriber } from '../src/api/subscriptions';

/** A WebSocket the test plays the server for. */
class FakeSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    static last: FakeSocket | null = null;
    readyState = FakeSocket.CONNECTING;
    sent: Array<Record<string, unknown>> = [];
    onopen: (() => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: string }) => void) | null = null;
    constructor(
        readonly url: string,
        readonly protocol: string,
    ) {
        FakeSocket.last = this;
    }
    send(data: string) {
        this.sent.push(JSON.parse(data));
    }
    close(code = 1000, reason = '') {
        this.serverCloses(code, reason);
    }
    open() {
        this.readyState = FakeSocket.OPEN;
        this.onopen?.();
    }
    receive(message: object) {
        this.onmessage?.({ data: JSON.stringify(message) });
    }
    serverCloses(code: number, reason = '') {
        if (this.readyState === FakeSocket.CLOSED) return;
        this.readyState = FakeSocket.CLOSED;
        this.onclose?.({ code, reason });
    }
}

function subscriber(onUnauthorized = vi.fn()) {
    FakeSocket.last = null;
    document.cookie = 'hive_csrf=tok42';
    return createSubscriber({ url: 'ws://rack/graphql/ws', webSocketImpl: FakeSocket, onUnauthorized });
}

describe('graphql-ws subscriber', () => {
    it('sends the CSRF token in connection_init, subscribes and delivers data', async () => {
        const s = subscriber();
        const onData = vi.fn();
        const stop = s.subscribe('subscription RackChanged { rackChanged { name } }', {}, onData, vi.fn());
        await vi.waitFor(() => expect(FakeSocket.last).not.toBeNull());
        const socket = FakeSocket.last!;
        expect(socket.protocol).toBe('graphql-transport-ws');
        socket.open();
        await vi.waitFor(() => expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: { csrfToken: 'tok42' } }));
        socket.receive({ type: 'connection_ack' });
        await vi.waitFor(() => expect(socket.sent[1]?.type).toBe('subscribe'));
        expect(s.status).toMatchObject({ active: 1, connected: true, problem: null });
        socket.receive({ id: socket.sent[1]!.id, type: 'next', payload: { data: { rackChanged: { name: 'r1' } } } });
        expect(onData).toHaveBeenCalledWith({ rackChanged: { name: 'r1' } });
        stop();
        expect(s.status.active).toBe(0);
    });

    it('reports a dropped connection while it retries, and forgets it when nothing listens', async () => {
        const s = subscriber();
        const onError = vi.fn();
        const stop = s.subscribe('subscription LogAdded { logAdded { id } }', {}, vi.fn(), onError);
        await vi.waitFor(() => expect(FakeSocket.last).not.toBeNull());
        FakeSocket.last!.serverCloses(1006);
        expect(s.status.connected).toBe(false);
        expect(s.status.problem).toBe('connection closed (1006)');
        expect(onError).not.toHaveBeenCalled(); // still retrying
        stop();
        expect(s.status).toMatchObject({ active: 0, problem: null });
    });

    it('on close 4401 goes to the login page and stops with an error', async () => {
        const onUnauthorized = vi.fn();
        const s = subscriber(onUnauthorized);
        const onError = vi.fn();
        s.subscribe('subscription RunUpdated { runUpdated(id: "1") { id } }', {}, vi.fn(), onError);
        await vi.waitFor(() => expect(FakeSocket.last).not.toBeNull());
        FakeSocket.last!.open();
        FakeSocket.last!.serverCloses(4401, 'Unauthorized');
        expect(onUnauthorized).toHaveBeenCalledTimes(1);
        await vi.waitFor(() => expect(onError).toHaveBeenCalledWith('Live updates stopped: connection closed (4401: Unauthorized)'));
        expect(s.status.active).toBe(0);
    });

    it('passes GraphQL errors of a subscription to the page', async () => {
        const s = subscriber();
        const onError = vi.fn();
        s.subscribe('subscription RunUpdated { runUpdated(id: "9") { id } }', { id: '9' }, vi.fn(), onError);
        await vi.waitFor(() => expect(FakeSocket.last).not.toBeNull());
        const socket = FakeSocket.last!;
        socket.open();
        await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
        socket.receive({ type: 'connection_ack' });
        await vi.waitFor(() => expect(socket.sent[1]?.type).toBe('subscribe'));
        expect((socket.sent[1]!.payload as { variables: unknown }).variables).toEqual({ id: '9' });
        socket.receive({ id: socket.sent[1]!.id, type: 'next', payload: { errors: [{ message: 'no run 9' }] } });
        expect(onError).toHaveBeenCalledWith('no run 9');
    });
});
