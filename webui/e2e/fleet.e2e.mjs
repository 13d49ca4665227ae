// End to end, the fleet (docs/fleet.md): the front's dashboard in Debian's Chromium, with a real NATS hub, a
// front without hardware and one rack of two QEMU boards (lm3s6965evb and sifive_e, one channel), started by
// fleet-harness.mjs. The steps build on each other and run in order; each saves a screenshot into
// webui/target/e2e-screenshots/fleet/.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FleetHarness, LAB, RACK_ID, TARGETS } from './fleet-harness.mjs';

const STEP = { timeout: 60_000 };

describe('the fleet end to end', { timeout: 400_000 }, () => {
    let h;
    let page;
    let runId;
    let resultCount;

    before(async () => {
        h = await FleetHarness.start();
        page = h.page;
        page.setDefaultTimeout(30_000);
    });

    afterEach(async (t) => {
        if (t.passed === false && page) await h.screenshot('failed').catch(() => {});
    });

    after(async () => {
        await h?.stop();
    });

    /**
     * The rack's row of the Fleet page once it shows `state` (refreshed until it does, at most `seconds`); fails
     * early with what `stop()` answers when it answers something.
     */
    async function rackRowIn(state, { seconds = 45, stop = () => null } = {}) {
        const row = page.locator(`table[data-test=racks] tr[data-rack="${RACK_ID}"]`);
        const deadline = Date.now() + seconds * 1000;
        while (Date.now() < deadline) {
            if ((await row.count()) === 1 && (await row.locator('[data-test=state]').innerText()) === state) return row;
            const why = stop();
            if (why) assert.fail(why);
            await page.getByRole('button', { name: 'Refresh' }).click();
            await page.waitForTimeout(300);
        }
        assert.fail(`the Fleet page did not show ${RACK_ID} ${state}: ${await page.locator('section').innerText()}`);
    }

    it("logs in on the front's dashboard: the top bar shows the hub connected and a Fleet link", STEP, async () => {
        await page.goto(h.url + '/');
        await page.waitForURL(/\/login/);
        await page.fill('input[name=name]', h.admin.name);
        await page.fill('input[name=password]', h.admin.password);
        await page.click('button[type=submit]');
        await page.locator('header.topbar .who').waitFor();

        const badge = page.locator('header.topbar [data-test=hub-badge]');
        await badge.waitFor();
        assert.equal(await badge.innerText(), 'hub connected');
        assert.match(await badge.getAttribute('title'), new RegExp(`^front \\(front\\) · ${h.hub.url.replaceAll('.', '\\.')} · since `));
        assert.equal(await page.locator('header.topbar [data-test=hub-reason]').count(), 0);
        await h.screenshot('topbar-hub-badge');
    });

    it('Fleet page: the rack with its lab, targets and idle, and the hub', STEP, async () => {
        await page.locator('header.topbar').getByRole('link', { name: 'Fleet' }).click();
        await page.waitForURL(/\/fleet$/);
        const hub = page.locator('[data-test=hub]');
        await hub.waitFor();
        assert.match(await hub.innerText(), new RegExp(`^front \\(front\\): connected ${h.hub.url.replaceAll('.', '\\.')} since `));

        const row = await rackRowIn('idle');
        const cells = row.locator('td');
        assert.equal(await cells.nth(0).innerText(), LAB);
        assert.equal(await cells.nth(1).locator('strong').innerText(), RACK_ID);
        assert.match(await cells.nth(1).locator('.muted').innerText(), /^\d+\.\d+\.\d+/, 'the version of the rack monitor');
        assert.equal(await cells.nth(3).innerText(), '0', 'nothing queued');
        assert.deepEqual(await row.locator('li[data-target]').evaluateAll((els) => els.map((e) => e.dataset.target)), TARGETS);
        assert.match(await row.locator('li[data-target=lm3s6965evb]').innerText(), /^lm3s6965evb 0\/0 · /);
        assert.match(await row.locator('li[data-target=sifive_e]').innerText(), /^sifive_e 0\/1 · /);
        await h.screenshot('fleet-idle');
    });

    it('a `hive test` through the front: the rack shows busy, then idle', { timeout: 240_000 }, async () => {
        const cli = h.cli(['test', 'examples/rsp-probe', '--no-input'], { background: true });
        let early = null;
        cli.done.then((r) => (early = r));
        // the CLI builds the runner first (from its cache when the candidate is unchanged), then the rack runs it
        await rackRowIn('busy', {
            seconds: 150,
            stop: () => early && `hive test ended (${early.code}) before the rack showed busy:\n${early.stdout}\n${early.stderr}`,
        });
        await h.screenshot('fleet-busy');

        const ended = await cli.done;
        assert.equal(ended.code, 0, `hive test:\n${ended.stdout}\n${ended.stderr}`);
        runId = Number(/Results of run (\d+)/.exec(ended.stdout)?.[1]);
        assert.ok(runId > 0, ended.stdout);
        resultCount = Number(/\((\d+) results\)/.exec(ended.stdout)?.[1]);
        assert.ok(resultCount > 0, ended.stdout);
        assert.match(ended.stdout, new RegExp(` on rack ${RACK_ID} `));
        await rackRowIn('idle');
    });

    it("the run's page shows each target's shard and the rack that ran it", STEP, async () => {
        await page.goto(`${h.url}/runs/${runId}`);
        const panel = page.locator('[data-test=run-shards]');
        await panel.waitFor();
        const rows = await panel
            .locator('tbody tr')
            .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
        assert.deepEqual(
            rows.map(([target, state]) => [target, state]),
            TARGETS.map((t) => [t, 'finished']),
        );
        for (const [target, , attempts] of rows) {
            assert.match(attempts, new RegExp(`^attempt 1 on ${RACK_ID}: finished`), `${target}: ${attempts}`);
            assert.doesNotMatch(attempts, /attempt 2/, `${target} was not handed over`);
        }
        for (const [, , , results] of rows) assert.ok(Number(results) > 0, JSON.stringify(rows));
        assert.equal(
            rows.reduce((sum, [, , , results]) => sum + Number(results), 0),
            resultCount,
            'every result of the run is counted once',
        );
        await h.screenshot('run-shards');
    });
});
