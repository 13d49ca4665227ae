// Which rack ran which target of a run: on a fleet's front a target is one shard, run by one rack (a second rack
// only when the first lost its claim mid-shard: docs/fleet.md).
import type { Shard, ShardAttempt, TestResult } from '../generated/schema';

export interface TargetRacks {
    target: string;
    racks: string[];
    results: number;
}

/** The racks per target, targets by name; empty when no result names a rack. */
export function racksByTarget(results: TestResult[]): TargetRacks[] {
    const byTarget = new Map<string, { racks: Set<string>; results: number }>();
    for (const r of results) {
        if (!r.rack) continue;
        const target = r.target ?? '(no target)';
        const entry = byTarget.get(target) ?? { racks: new Set<string>(), results: 0 };
        entry.racks.add(r.rack);
        entry.results++;
        byTarget.set(target, entry);
    }
    return [...byTarget.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([target, e]) => ({ target, racks: [...e.racks].sort(), results: e.results }));
}

/** One row of the run's racks panel for a shard the front kept: its state, every rack's attempt, its results. */
export interface ShardRow {
    target: string;
    state: string;
    error: string | null;
    pinnedRack: string | null;
    attempts: AttemptRow[];
    results: number;
    /** How many of the shard's results each rack ran, in the order of the racks' first attempts. */
    resultRacks: { rack: string; results: number }[];
}

/** One attempt in words ("attempt 1 on rack-a: lost, 09:01:02–09:01:09"), with its rack and outcome. */
export interface AttemptRow {
    text: string;
    rack: string;
    outcome: string;
}

/** The shards the front kept, by target, each attempt said in words ("attempt 1 on rack-a: lost, 09:01:02–09:01:09"). */
export function shardRows(shards: Shard[], results: TestResult[]): ShardRow[] {
    return [...shards]
        .sort((a, b) => a.target.localeCompare(b.target))
        .map((s) => ({
            target: s.target,
            state: s.state.toLowerCase(),
            error: s.error ?? null,
            pinnedRack: s.pinnedRack ?? null,
            attempts: s.attempts.map(attemptRow),
            results: results.filter((r) => r.target === s.target).length,
            resultRacks: resultRacks(s, results),
        }));
}

function attemptRow(a: ShardAttempt): AttemptRow {
    const outcome = a.outcome ? a.outcome.toLowerCase() : 'running';
    const span = `${clock(a.startedAt)}–${a.endedAt ? clock(a.endedAt) : ''}`;
    return { text: `attempt ${a.attempt} on ${a.rack}: ${outcome}, ${span}`, rack: a.rack, outcome };
}

/** The shard's results counted by the rack that ran them: the racks of its attempts first, in attempt order. */
function resultRacks(shard: Shard, results: TestResult[]): { rack: string; results: number }[] {
    const counts = new Map<string, number>();
    for (const r of results) {
        if (r.target === shard.target && r.rack) counts.set(r.rack, (counts.get(r.rack) ?? 0) + 1);
    }
    const order = [...new Set(shard.attempts.map((a) => a.rack))];
    const rank = (rack: string) => (order.includes(rack) ? order.indexOf(rack) : order.length);
    return [...counts.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([rack, n]) => ({ rack, results: n }));
}

/** "09:01:02" (UTC) from an ISO instant. */
function clock(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(11, 19);
}

/** "12 s ago", "3 min ago", from an ISO instant; "" when it cannot be read or lies ahead. */
export function age(iso: string, now: Date = new Date()): string {
    const seconds = Math.floor((now.getTime() - new Date(iso).getTime()) / 1000);
    if (!Number.isFinite(seconds) || seconds < 0) return '';
    if (seconds < 120) return `${seconds} s ago`;
    if (seconds < 7200) return `${Math.floor(seconds / 60)} min ago`;
    return `${Math.floor(seconds / 3600)} h ago`;
}
