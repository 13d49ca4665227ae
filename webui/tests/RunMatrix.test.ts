import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import RunMatrix from '../src/runs/RunMatrix.vue';
import { result } from './fakes';

const results = [
    result('ReadTest#readsMemory', 'nrf52840', 'PASSED'),
    result('ReadTest#readsMemory', 'esp32c3', 'FAILED', {
        message: 'expected 0x2a but was 0x00',
        stackTrace: 'java.lang.AssertionError: expected 0x2a\n\tat ReadTest.readsMemory(ReadTest.java:21)',
    }),
    result('HaltTest#halts', 'nrf52840', 'SKIPPED', { message: 'no hardware breakpoints' }),
    result('HaltTest#halts', 'esp32c3', 'ERROR', { message: 'target lost', durationMillis: null }),
];

describe('RunMatrix', () => {
    it('lays out one row per test and one column per target, a cell per result coloured by status', () => {
        const w = mount(RunMatrix, { props: { results } });
        expect(w.findAll('tbody tr')).toHaveLength(2);
        expect(w.findAll('thead th.col').map((th) => th.text())).toEqual([
            expect.stringContaining('esp32c3'),
            expect.stringContaining('nrf52840'),
        ]);
        expect(w.findAll('.cell.status-PASSED')).toHaveLength(1);
        expect(w.findAll('.cell.status-FAILED')).toHaveLength(1);
        expect(w.findAll('.cell.status-SKIPPED')).toHaveLength(1);
        expect(w.findAll('.cell.status-ERROR')).toHaveLength(1);
        expect(w.get('.cell.status-PASSED').text()).toContain('12 ms');
    });

    it('opens a cell to show its message and stack trace, and closes it again', async () => {
        const w = mount(RunMatrix, { props: { results } });
        expect(w.find('[data-test="result-detail"]').exists()).toBe(false);
        await w.get('.cell.status-FAILED').trigger('click');
        const detail = w.get('[data-test="result-detail"]');
        expect(detail.text()).toContain('readsMemory');
        expect(detail.get('.message').text()).toBe('expected 0x2a but was 0x00');
        expect(detail.get('.stack-trace').text()).toContain('at ReadTest.readsMemory(ReadTest.java:21)');
        await w.get('.cell.status-FAILED').trigger('click');
        expect(w.find('[data-test="result-detail"]').exists()).toBe(false);
    });

    it('switches the drill-down to another cell', async () => {
        const w = mount(RunMatrix, { props: { results } });
        await w.get('.cell.status-FAILED').trigger('click');
        await w.get('.cell.status-ERROR').trigger('click');
        expect(w.get('[data-test="result-detail"] .message').text()).toBe('target lost');
        expect(w.find('.stack-trace').exists()).toBe(false);
    });

    it('shows messages with markup as text', async () => {
        const w = mount(RunMatrix, { props: { results: [result('T#x', 'nrf52840', 'FAILED', { message: '<script>alert(1)</script>' })] } });
        await w.get('.cell').trigger('click');
        expect(w.find('script').exists()).toBe(false);
        expect(w.get('.message').text()).toBe('<script>alert(1)</script>');
    });

    it('says when there are no results yet', () => {
        expect(mount(RunMatrix, { props: { results: [] } }).text()).toContain('No results yet');
    });
});

describe('RunMatrix with live updates', () => {
    it('keeps the open cell open when the results are replaced by a newer copy', async () => {
        const w = mount(RunMatrix, { props: { results } });
        await w.get('.cell.status-FAILED').trigger('click');
        await w.setProps({ results: [...results.map((r) => ({ ...r })), result('New#test', 'nrf52840', 'PASSED')] });
        expect(w.get('[data-test="result-detail"] .message').text()).toBe('expected 0x2a but was 0x00');
        expect(w.get('.cell.status-FAILED').classes()).toContain('open');
        expect(w.findAll('tbody tr')).toHaveLength(3);
    });
});
