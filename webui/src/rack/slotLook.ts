// How a slot looks in the drawing: one look per combination of state, flash outcome and health.
import type { Slot } from '../generated/schema';

export type SlotLook = 'empty' | 'unknown' | 'lost' | 'flash-error' | 'powered-off' | 'ready' | 'not-flashed';

export function slotLook(slot: Slot): SlotLook {
    if (slot.state === 'NOT_CONNECTED') return 'empty';
    if (slot.state === 'UNKNOWN') return 'unknown';
    if (slot.health === 'LOST') return 'lost';
    if (slot.flashStatus === 'ERROR') return 'flash-error';
    if (slot.health === 'POWERED_OFF') return 'powered-off';
    if (slot.flashStatus === 'OK') return 'ready';
    return 'not-flashed';
}

export const LOOK_COLOURS: Record<SlotLook, { fill: string; stroke: string; label: string }> = {
    empty: { fill: '#f2f4f7', stroke: '#d0d5dd', label: 'empty' },
    unknown: { fill: '#fff4d6', stroke: '#d99a1e', label: 'unknown target' },
    lost: { fill: '#fde2e2', stroke: '#d64545', label: 'target lost' },
    'flash-error': { fill: '#fde2e2', stroke: '#d64545', label: 'flash failed' },
    'powered-off': { fill: '#fff4d6', stroke: '#d99a1e', label: 'powered off' },
    ready: { fill: '#dff3e6', stroke: '#2e9d5b', label: 'flashed, ready' },
    'not-flashed': { fill: '#e4ecfd', stroke: '#5b8def', label: 'not flashed' },
};

export function probeLabel(p: { kind: string; identifier: string; serial: string } | null): string {
    return p ? `${p.kind} ${p.identifier}${p.serial ? ` (${p.serial})` : ''}` : 'none';
}

/** The target's health (docs/health.md) when it keeps the target out of runs: BAD, MAINTENANCE or RETIRED. */
export function quarantine(slot: Slot): string | null {
    const h = slot.targetHealth;
    return h === 'BAD' || h === 'MAINTENANCE' || h === 'RETIRED' ? h : null;
}

/** One line on the target's health for a tooltip: what it is, since when, who and why. */
export function healthLine(slot: Slot): string {
    if (!slot.targetHealth) return '';
    const since = slot.targetHealthSince;
    return since ? `health ${slot.targetHealth} since ${since.at} (${since.by}): ${since.reason}` : `health ${slot.targetHealth}`;
}

/** Who holds the target's lease and until when (the drawing's short line: `alice → 10:30`), or null when it is not leased. */
export function leaseLine(slot: Slot): string | null {
    const l = slot.lease;
    if (!l) return null;
    const until = new Date(l.expiresAt);
    const time = Number.isNaN(until.getTime())
        ? l.expiresAt
        : until.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const holder = l.holder.replace(/^(user|token):/, '');
    return `${holder.length > 9 ? `${holder.slice(0, 8)}…` : holder} → ${time}`;
}
