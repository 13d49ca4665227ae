import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../src/generated/schema';
import LogView from '../src/logs/LogView.vue';
import { merge } from '../src/logs/logEntries';

const entry = (id: string, at: string, message: string, level: LogEntry['level'] = 'INFO'): LogEntry => ({
    id,
    source: 'MONITOR',
    runId: null,
    level,
    logger: 'dev.hive.monitor',
    message,
    at,
});

describe('LogView', () => {
    it('shows the newest entry first, whatever order they arrive in', () => {
        const entries = [
            entry('1', '2026-11-22T00:00:01Z', 'first'),
            entry('3', '2026-11-22T00:00:03Z', 'third'),
            entry('2', '2026-11-22T00:00:02Z', 'second'),
        ];
        const w = mount(LogView, { props: { entries } });
        expect(w.findAll('.log-line .message').map((m) => m.text())).toEqual(['third', 'second', 'first']);
    });

    it('orders entries of the same instant by id, newest first', () => {
        const at = '2026-11-22T00:00:01Z';
        const w = mount(LogView, { props: { entries: [entry('9', at, 'nine'), entry('10', at, 'ten')] } });
        expect(w.findAll('.message').map((m) => m.text())).toEqual(['ten', 'nine']);
    });

    it('shows a <script> log line as text and creates no element from it', () => {
        const line = '<script>document.title="owned"</script><img src=x onerror=alert(1)>';
        const w = mount(LogView, { props: { entries: [entry('1', '2026-11-22T00:00:01Z', line, 'ERROR')] } });
        expect(w.find('script').exists()).toBe(false);
        expect(w.find('img').exists()).toBe(false);
        expect(w.get('.message').text()).toBe(line);
        expect(w.get('.log-line').classes()).toContain('level-ERROR');
    });

    it('says when there is nothing to show', () => {
        expect(mount(LogView, { props: { entries: [] } }).text()).toContain('No log entries');
    });

    it('merges a live entry into a page without duplicates', () => {
        const page = [entry('2', '2026-11-22T00:00:02Z', 'b'), entry('1', '2026-11-22T00:00:01Z', 'a')];
        const merged = merge(page, [entry('2', '2026-11-22T00:00:02Z', 'b'), entry('3', '2026-11-22T00:00:03Z', 'c')]);
        expect(merged.map((e) => e.id)).toEqual(['3', '2', '1']);
    });
});
