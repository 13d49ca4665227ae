import type { LogEntry } from '../generated/schema';

/** Newest first: by time, then by id (ids grow with insertion). */
export function newestFirst(entries: LogEntry[]): LogEntry[] {
    return [...entries].sort((a, b) => b.at.localeCompare(a.at) || compareIds(b.id, a.id));
}

function compareIds(a: string, b: string): number {
    const x = Number(a),
        y = Number(b);
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
    return a.localeCompare(b);
}

/** Adds entries, dropping ones already held (a live entry can also arrive in a page). */
export function merge(held: LogEntry[], more: LogEntry[]): LogEntry[] {
    const seen = new Set(held.map((e) => e.id));
    return newestFirst([...held, ...more.filter((e) => !seen.has(e.id))]);
}

export function asText(entries: LogEntry[]): string {
    return (
        entries
            .map((e) => `${e.at} ${e.level.padEnd(5)} [${e.source}${e.runId ? ` run ${e.runId}` : ''}] ${e.logger}: ${e.message}`)
            .join('\n') + '\n'
    );
}
