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
        expect(w.findAll('thead th.group').map((th) => th.text())).toEqual([
            expect.stringContaining('esp32c3'),
            expect.stringContaining('nrf52840'),
        ]);
        expect(w.findAll('thead th.col').map((th) => th.text())).toEqual(['rsp0 · ch 0', 'rsp0 · ch 0']);
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
        expect(detail.get('.no-output').text()).toBe('The test printed and reported nothing.');
        await w.get('.cell.status-FAILED').trigger('click');
        expect(w.find('[data-test="result-detail"]').exists()).toBe(false);
    });

    it("names the fleet's rack that ran an opened result, and no rack for a local one", async () => {
        const fleet = mount(RunMatrix, {
            props: { results: [result('ReadTest#readsMemory', 'nrf52840', 'PASSED', { rack: 'lab1-rack-b' })] },
        });
        await fleet.get('.cell.status-PASSED').trigger('click');
        expect(fleet.get('[data-test="result-detail"] p.muted').text()).toContain(' · nrf52840 · rack lab1-rack-b · stack 0 slot 0 · ');
        const local = mount(RunMatrix, { props: { results } });
        await local.get('.cell.status-PASSED').trigger('click');
        expect(local.get('[data-test="result-detail"] p.muted').text()).not.toContain('rack');
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

// 8 targets × 4 probes: the size of docs/examples/virtual-rack.yaml, where the matrix used to squeeze the names.
const TARGETS = ['stm32vldiscovery', 'netduinoplus2', 'lm3s6965evb', 'microbit', 'mps2-an500', 'mps2-an385', 'mps2-an505', 'sifive_e'];
const wide = ['ImageTest#readsTheHeader', 'ImageTest#runsThisBuildOfTheTestprogram'].flatMap((test) =>
    TARGETS.flatMap((target, slot) =>
        [0, 1, 2, 3].map((channel) =>
            result(test, target, target === 'sifive_e' && test.endsWith('Testprogram') ? 'FAILED' : 'PASSED', {
                slot,
                channel,
                probe: `rsp-probe-${channel}`,
                probeSerial: `VP${channel}`,
                message:
                    target === 'sifive_e' && test.endsWith('Testprogram')
                        ? `hive_uid in flash ==> expected: <42> but was: <${channel}>`
                        : null,
            }),
        ),
    ),
);

describe('RunMatrix with 32 columns', () => {
    it('groups the columns by target, the probes under each, in two header rows', () => {
        const w = mount(RunMatrix, { props: { results: wide } });
        const groups = w.findAll('thead tr:first-child th.group');
        expect(groups).toHaveLength(8);
        expect(groups.map((g) => g.attributes('colspan'))).toEqual(Array(8).fill('4'));
        expect(groups.map((g) => g.get('.target').text())).toEqual([...TARGETS].sort());
        const probes = w.findAll('thead tr:nth-child(2) th.col');
        expect(probes).toHaveLength(32);
        expect(probes.slice(0, 4).map((p) => p.text())).toEqual([
            'rsp-probe-0 · ch 0',
            'rsp-probe-1 · ch 1',
            'rsp-probe-2 · ch 2',
            'rsp-probe-3 · ch 3',
        ]);
        expect(probes[0]!.attributes('title')).toBe('lm3s6965evb · rsp-probe-0 · ch 0');
        expect(w.findAll('tbody tr')).toHaveLength(2);
        expect(w.findAll('tbody tr:first-child .cell')).toHaveLength(32);
    });

    it('keeps the test names in their own sticky column, with the class over the name', () => {
        const w = mount(RunMatrix, { props: { results: wide } });
        const names = w.findAll('tbody th.test');
        expect(names.map((n) => n.get('.name').text())).toEqual(['readsTheHeader', 'runsThisBuildOfTheTestprogram']);
        expect(names[0]!.get('.owner').text()).toBe('ImageTest');
        expect(names[0]!.attributes('scope')).toBe('row');
        expect(names.every((n) => n.classes('sticky'))).toBe(true);
        expect(w.get('thead th.test').classes()).toContain('sticky');
        expect(w.get('thead th.test').attributes('rowspan')).toBe('2');
    });

    it("shows a failure's message in the cell's title; a passed cell's title names test, target, probe and status", () => {
        const w = mount(RunMatrix, { props: { results: wide } });
        const failed = w.findAll('.cell.status-FAILED');
        expect(failed).toHaveLength(4);
        expect(failed[2]!.attributes('title')).toBe(
            'runsThisBuildOfTheTestprogram on sifive_e (rsp-probe-2 · ch 2): FAILED\nhive_uid in flash ==> expected: <42> but was: <2>',
        );
        expect(w.get('.cell.status-PASSED').attributes('title')).toBe('readsTheHeader on lm3s6965evb (rsp-probe-0 · ch 0): PASSED');
    });

    it('opens a cell (a button, so Enter and Space open it too) and shows its failure type, output and report entries', async () => {
        const failing = wide.map((r) =>
            r.status === 'FAILED' && r.channel === 1
                ? {
                      ...r,
                      failureType: 'org.opentest4j.AssertionFailedError',
                      stackTrace: 'org.opentest4j.AssertionFailedError: hive_uid in flash\n\tat ImageTest.java:70',
                      stdout: 'HIVE_UID read through the probe: 0x0000000000000001\n',
                      stderr: 'careful <b>now</b>\n',
                      reports: [{ key: 'HIVE_UID', value: '000000000000002a' }],
                  }
                : r,
        );
        const w = mount(RunMatrix, { props: { results: failing }, attachTo: document.body });
        const cell = w.findAll('.cell.status-FAILED')[1]!;
        expect(cell.element.tagName).toBe('BUTTON');
        expect(cell.attributes('aria-pressed')).toBe('false');
        // A focused button turns Enter into a click; the test drives that click as the browser does.
        (cell.element as HTMLButtonElement).focus();
        await cell.trigger('click');
        expect(cell.attributes('aria-pressed')).toBe('true');
        const detail = w.get('[data-test="result-detail"]');
        expect(detail.get('h2').text()).toBe('runsThisBuildOfTheTestprogram');
        expect(detail.text()).toContain('sifive_e');
        expect(detail.text()).toContain('probe rsp-probe-1 VP1');
        expect(detail.get('.failure-type').text()).toBe('org.opentest4j.AssertionFailedError');
        expect(detail.get('.message').text()).toBe('hive_uid in flash ==> expected: <42> but was: <1>');
        expect(detail.get('.stack-trace').text()).toContain('at ImageTest.java:70');
        expect(detail.get('.stdout').text()).toBe('HIVE_UID read through the probe: 0x0000000000000001');
        expect(detail.get('.stderr').text()).toBe('careful <b>now</b>');
        expect(detail.find('b').exists()).toBe(false);
        expect(detail.findAll('.reports dt').map((d) => d.text())).toEqual(['HIVE_UID']);
        expect(detail.findAll('.reports dd').map((d) => d.text())).toEqual(['000000000000002a']);
        expect(detail.find('.no-output').exists()).toBe(false);
        await detail.get('button[aria-label="Close"]').trigger('click');
        expect(w.find('[data-test="result-detail"]').exists()).toBe(false);
        w.unmount();
    });
});
