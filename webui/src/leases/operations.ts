// The GraphQL operations of leases (docs/leases.md) and a target's page, with their result types.
import type { HealthChange, Lease, LeaseSettings, Slot, StreamTicket } from '../generated/schema';

export const LEASE =
    'id target slot probe holder reason open pending waitsForRun createdAt grantedAt expiresAt maxUntil endedAt end endedBy endMessage';

export const LEASES = `query Leases($all: Boolean) { leases(all: $all) { ${LEASE} } leaseSettings { defaultMinutes maxMinutes capMinutes idleMinutes } rack { stacks { slots { stack slot target } } } }`;
export type LeasesResult = {
    leases: Lease[];
    leaseSettings: LeaseSettings;
    rack: { stacks: Array<{ slots: Array<Pick<Slot, 'stack' | 'slot' | 'target'>> }> };
};
export const CREATE_LEASE = `mutation CreateLease($target: String!, $probe: Int, $minutes: Int, $reason: String, $wait: Boolean) { createLease(target: $target, probe: $probe, minutes: $minutes, reason: $reason, wait: $wait) { ${LEASE} } }`;
export type CreateLeaseResult = { createLease: Lease };
export const EXTEND_LEASE = `mutation ExtendLease($id: ID!, $minutes: Int) { extendLease(id: $id, minutes: $minutes) { ${LEASE} } }`;
export type ExtendLeaseResult = { extendLease: Lease };
export const RELEASE_LEASE = `mutation ReleaseLease($id: ID!) { releaseLease(id: $id) { ${LEASE} } }`;
export type ReleaseLeaseResult = { releaseLease: Lease };
/** One lease; for its holder, asking for a pending lease keeps the monitor from reclaiming it. */
export const LEASE_BY_ID = `query Lease($id: ID!) { lease(id: $id) { ${LEASE} } }`;
export type LeaseByIdResult = { lease: Lease | null };

/** The run a refusal names when only a run in progress keeps the target from being leased (wait would help). */
export function busyRun(message: string | null | undefined): string | null {
    return /^run (\d+) is using the rack/.exec(message ?? '')?.[1] ?? null;
}

const HEALTH_CHANGE = 'id health previous kind by reason output runId at';
export const TARGET_PAGE = `query TargetPage($stack: Int!, $slot: Int!) { slot(stack: $stack, slot: $slot) { stack slot state target architecture core flashStatus flashMessage health targetHealth lease { ${LEASE} } healthHistory(limit: 50) { ${HEALTH_CHANGE} } leaseHistory(limit: 50) { ${LEASE} } } leaseSettings { defaultMinutes maxMinutes capMinutes idleMinutes } }`;
export type TargetPageSlot = Omit<Slot, 'targetHealthSince' | 'healthHistory' | 'leaseHistory'> & {
    healthHistory: HealthChange[];
    leaseHistory: Lease[];
};
export type TargetPageResult = { slot: TargetPageSlot | null; leaseSettings: LeaseSettings };

/** Whether `userName` (a web user) holds the lease. */
export function heldBy(lease: Pick<Lease, 'holder'>, userName: string | undefined): boolean {
    return userName !== undefined && lease.holder === `user:${userName}`;
}

/** A time as the browser's local date and time, to the minute. */
export function when(iso: string | null | undefined): string {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export const LEASE_STREAM_TICKET = `mutation LeaseStreamTicket($id: ID!, $stream: String!) { leaseStreamTicket(id: $id, stream: $stream) { ticket stream path } }`;
export type LeaseStreamTicketResult = { leaseStreamTicket: StreamTicket };

/** The ws:// or wss:// URL of a stream path on the page's own origin. */
export function streamUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
    return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}
