// Arranges a run's results as a matrix: one row per test, one column per target (with the probe that
// tested it), one cell per result.
import type { TestResult } from '../generated/schema';

export interface MatrixColumn {
    key: string;
    target: string;
    where: string;
}
export interface MatrixRow {
    key: string;
    name: string;
    cells: Map<string, TestResult>;
}

export function columnKey(r: TestResult): string {
    return `${r.target ?? ''}|${r.stack ?? ''}|${r.slot ?? ''}|${r.channel ?? ''}|${r.probeSerial ?? r.probe ?? ''}`;
}

export function buildMatrix(results: TestResult[]): { columns: MatrixColumn[]; rows: MatrixRow[] } {
    const columns = new Map<string, MatrixColumn>();
    const rows = new Map<string, MatrixRow>();
    for (const r of results) {
        const ck = columnKey(r);
        if (!columns.has(ck)) {
            const where = [
                r.stack != null && r.slot != null ? `${r.stack}/${r.slot}` : null,
                r.channel != null ? `ch ${r.channel}` : null,
                r.probe,
            ]
                .filter(Boolean)
                .join(' · ');
            columns.set(ck, { key: ck, target: r.target ?? '(no target)', where });
        }
        const rk = r.testId;
        let row = rows.get(rk);
        if (!row) {
            row = { key: rk, name: r.displayName || r.testId, cells: new Map() };
            rows.set(rk, row);
        }
        row.cells.set(ck, r);
    }
    const sortedColumns = [...columns.values()].sort((a, b) => a.target.localeCompare(b.target) || a.where.localeCompare(b.where));
    return { columns: sortedColumns, rows: [...rows.values()] };
}

export const STATUS_SYMBOL: Record<TestResult['status'], string> = { PASSED: '✓', FAILED: '✗', SKIPPED: '–', ERROR: '!' };
