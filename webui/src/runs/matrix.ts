// Arranges a run's results as a matrix: one row per test; one column per cell (probe × target), the columns
// grouped by target (the board in its stack and slot) with the probes that tested it under it.
import type { TestResult } from '../generated/schema';

export interface MatrixColumn {
    key: string;
    target: string;
    /** The probe that tested the target in this column, with its channel. */
    probe: string;
}
export interface MatrixGroup {
    key: string;
    target: string;
    /** Where the board sits: `stack/slot`; empty when unknown. */
    where: string;
    columns: MatrixColumn[];
}
export interface MatrixRow {
    key: string;
    name: string;
    /** The test's class without its package, to tell tests of the same name apart. */
    owner: string;
    cells: Map<string, TestResult>;
}
export interface Matrix {
    groups: MatrixGroup[];
    /** Every column, in the order of the groups. */
    columns: MatrixColumn[];
    rows: MatrixRow[];
}

export function columnKey(r: TestResult): string {
    return `${groupKey(r)}|${r.channel ?? ''}|${r.probeSerial ?? r.probe ?? ''}`;
}

function groupKey(r: TestResult): string {
    return `${r.target ?? ''}|${r.stack ?? ''}|${r.slot ?? ''}`;
}

function probeLabel(r: TestResult): string {
    return [r.probe ?? r.probeSerial ?? 'no probe', r.channel != null ? `ch ${r.channel}` : null].filter(Boolean).join(' · ');
}

function shortClass(className: string | null | undefined): string {
    return (className ?? '').split('.').pop() ?? '';
}

export function buildMatrix(results: TestResult[]): Matrix {
    const groups = new Map<string, MatrixGroup>();
    const seen = new Set<string>();
    const rows = new Map<string, MatrixRow>();
    for (const r of results) {
        const gk = groupKey(r);
        let group = groups.get(gk);
        if (!group) {
            const where = r.stack != null && r.slot != null ? `${r.stack}/${r.slot}` : '';
            group = { key: gk, target: r.target ?? '(no target)', where, columns: [] };
            groups.set(gk, group);
        }
        const ck = columnKey(r);
        if (!seen.has(ck)) {
            seen.add(ck);
            group.columns.push({ key: ck, target: group.target, probe: probeLabel(r) });
        }
        let row = rows.get(r.testId);
        if (!row) {
            row = { key: r.testId, name: r.displayName || r.testId, owner: shortClass(r.className), cells: new Map() };
            rows.set(r.testId, row);
        }
        row.cells.set(ck, r);
    }
    const sorted = [...groups.values()].sort((a, b) => a.target.localeCompare(b.target) || a.where.localeCompare(b.where));
    for (const g of sorted) g.columns.sort((a, b) => a.probe.localeCompare(b.probe, undefined, { numeric: true }));
    return { groups: sorted, columns: sorted.flatMap((g) => g.columns), rows: [...rows.values()] };
}

/** What hovering a cell says: the test, where it ran, its status and, when there is one, its message. */
export function cellTitle(row: MatrixRow, column: MatrixColumn, r: TestResult): string {
    const head = `${row.name} on ${column.target} (${column.probe}): ${r.status}`;
    if (!r.message) return head;
    const message = r.message.length > 500 ? `${r.message.slice(0, 500)}…` : r.message;
    return `${head}\n${message}`;
}

export const STATUS_SYMBOL: Record<TestResult['status'], string> = { PASSED: '✓', FAILED: '✗', SKIPPED: '–', ERROR: '!' };
