// Fakes for the injected GraphQL client and subscriber, and sample data shaped like the schema.
import { vi } from 'vitest';
import { reactive } from 'vue';
import type { GraphQLClient } from '../src/api/client';
import { ApiKey, SessionKey, SubscriberKey, createSession } from '../src/api/inject';
import type { Subscriber } from '../src/api/subscriptions';
import type { Rack, Slot, TestResult } from '../src/generated/schema';

type Handler = (variables: Record<string, unknown>) => unknown;

/** A client that answers each operation (matched by its name) from `handlers`; unknown ones reject. */
export function fakeApi(handlers: Record<string, Handler>) {
    const calls: Array<{ operation: string; variables: Record<string, unknown> }> = [];
    const request = vi.fn(async (query: string, variables: Record<string, unknown> = {}) => {
        const operation = /^(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1] ?? '?';
        calls.push({ operation, variables });
        const handler = handlers[operation];
        if (!handler) throw new Error(`unexpected operation ${operation}`);
        return handler(variables);
    });
    return { client: { request } as unknown as GraphQLClient, calls };
}

/** A subscriber whose subscriptions the test drives by hand. */
export function fakeSubscriber() {
    const active = new Map<string, { onData: (d: unknown) => void; onError: (m: string) => void }>();
    const subscriber: Subscriber = {
        status: reactive({ active: 0, connected: true, problem: null }),
        subscribe(query, _variables, onData, onError) {
            const name = /^subscription\s+(\w+)/.exec(query)?.[1] ?? '?';
            active.set(name, { onData: onData as (d: unknown) => void, onError });
            return () => active.delete(name);
        },
    };
    return {
        subscriber,
        push: (name: string, data: unknown) => active.get(name)?.onData(data),
        fail: (name: string, message: string) => active.get(name)?.onError(message),
        isActive: (name: string) => active.has(name),
    };
}

export function provide(client: GraphQLClient, subscriber?: Subscriber) {
    const session = createSession();
    session.user = { id: '1', name: 'admin', role: 'ADMIN', createdAt: '2026-11-01T00:00:00Z' };
    session.checked = true;
    return {
        session,
        global: {
            provide: {
                [ApiKey as symbol]: client,
                [SubscriberKey as symbol]: subscriber ?? fakeSubscriber().subscriber,
                [SessionKey as symbol]: session,
            },
            stubs: { RouterLink: { template: '<a><slot /></a>' } },
        },
    };
}

export function slot(stack: number, index: number, over: Partial<Slot> = {}): Slot {
    return {
        stack,
        slot: index,
        state: 'KNOWN',
        target: `nrf52840-${stack}${index}`,
        architecture: 'ARM',
        core: 'cortex-m4',
        flashStatus: 'OK',
        flashMessage: '',
        health: 'READY',
        targetHealth: 'GOOD',
        targetHealthSince: null,
        healthHistory: [],
        lease: null,
        leaseHistory: [],
        ...over,
    };
}

export function sampleRack(): Rack {
    return {
        name: 'virtual-1',
        backend: 'virtual',
        channels: [
            {
                index: 0,
                uart: null,
                assigned: { kind: 'qemu-gdb', identifier: 'rsp0', serial: 'S0', vendorId: 0, productId: 0 },
                detected: { kind: 'qemu-gdb', identifier: 'rsp0', serial: 'S0', vendorId: 0, productId: 0 },
            },
            { index: 1, uart: null, assigned: null, detected: null },
        ],
        stacks: [
            {
                index: 0,
                name: 'stack 0',
                slots: [
                    slot(0, 0),
                    slot(0, 1, { flashStatus: 'ERROR', flashMessage: 'flash failed: timeout', health: 'READY' }),
                    slot(0, 2, { flashStatus: 'NOT_FLASHED', health: null }),
                    slot(0, 3, { health: 'LOST' }),
                ],
            },
            {
                index: 1,
                name: 'stack 1',
                slots: [
                    slot(1, 0, {
                        state: 'UNKNOWN',
                        target: null,
                        architecture: null,
                        core: null,
                        flashStatus: 'NOT_FLASHED',
                        health: null,
                    }),
                    slot(1, 1, {
                        state: 'NOT_CONNECTED',
                        target: null,
                        architecture: null,
                        core: null,
                        flashStatus: 'NOT_FLASHED',
                        health: null,
                    }),
                    slot(1, 2, { health: 'POWERED_OFF' }),
                ],
            },
        ],
    };
}

export function result(testId: string, target: string, status: TestResult['status'], over: Partial<TestResult> = {}): TestResult {
    return {
        testId,
        displayName: testId.split('#').pop() ?? testId,
        className: testId.split('#')[0] ?? null,
        methodName: testId.split('#')[1] ?? null,
        channel: 0,
        probe: 'rsp0',
        probeSerial: 'S0',
        stack: 0,
        slot: target === 'nrf52840' ? 0 : 1,
        target,
        status,
        message: null,
        stackTrace: null,
        startedAt: '2026-11-22T00:00:00Z',
        durationMillis: 12,
        failureType: null,
        stdout: '',
        stderr: '',
        reports: [],
        rack: null,
        ...over,
    };
}
