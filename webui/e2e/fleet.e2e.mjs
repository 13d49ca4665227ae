// End to end, the fleet (docs/fleet.md): the front's dashboard in Debian's Chromium, with a real NATS hub, a
// front without hardware and two racks of one channel (rack A: lm3s6965evb and sifive_e; rack B: lm3s6965evb),
// started by fleet-harness.mjs. A run across both; then a run of lm3s6965evb whose rack is killed (SIGKILL)
// mid-shard, handed over to the other rack: the run's page shows both attempts, the Fleet page the dead rack
// gone. The steps build on each other and run in order; each saves a screenshot into
// webui/target/e2e-screenshots/fleet/.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FleetHarness, INVENTORY_TTL_SECONDS, LAB, RACKS, RACK_ID, SHARED_TARGET, TARGETS } from './fleet-harness.mjs';

const STEP = { timeout: 60_000 };

describe('the fleet end to end', { timeout: 400_000 }, () => {
    let h;
    let page;
    let runId;
    let resultCount;
    /** How many results one target's shard has (every test once on its one cell), from the first run. */
    let perTarget;
    /** The hand-over: its run, the rack killed mid-shard, the rack that took the shard over. */
    let handover;

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
     * Rack `rack`'s row of the Fleet page once it shows `state` (refreshed until it does, at most `seconds`);
     * fails early with what `stop()` answers when it answers something.
     */
    async function rackRowIn(state, { rack = RACK_ID, seconds = 45, stop = () => null } = {}) {
        const row = page.locator(`table[data-test=racks] tr[data-rack="${rack}"]`);
        const deadline = Date.now() + seconds * 1000;
        while (Date.now() < deadline) {
            if ((await row.count()) === 1 && (await row.locator('[data-test=state]').innerText()) === state) return row;
            const why = stop();
            if (why) assert.fail(why);
            await page.getByRole('button', { name: 'Refresh' }).click();
            await page.waitForTimeout(300);
        }
        assert.fail(`the Fleet page did not show ${rack} ${state}: ${await page.locator('section').innerText()}`);
    }

    /** The Shards panel of run `id`'s page: per target its state, attempts, result count and results per rack. */
    async function shardsOf(id) {
        await page.goto(`${h.url}/runs/${id}`);
        const panel = page.locator('[data-test=run-shards]');
        await panel.waitFor();
        return panel.locator('tbody tr').evaluateAll((trs) =>
            trs.map((tr) => ({
                target: tr.dataset.target,
                state: tr.querySelectorAll('td')[1].childNodes[0].textContent.trim(),
                attempts: [...tr.querySelectorAll('[data-test=attempt]')].map((li) => ({
                    text: li.innerText.trim(),
                    rack: li.dataset.rack,
                    outcome: li.dataset.outcome,
                })),
                results: Number(tr.querySelector('[data-test=result-count]').innerText),
                resultRacks: [...tr.querySelectorAll('[data-test=result-rack]')].map((li) => li.innerText.trim()),
            })),
        );
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

    it('Fleet page: each rack with its lab, targets and idle, and the hub', STEP, async () => {
        await page.locator('header.topbar').getByRole('link', { name: 'Fleet' }).click();
        await page.waitForURL(/\/fleet$/);
        const hub = page.locator('[data-test=hub]');
        await hub.waitFor();
        assert.match(await hub.innerText(), new RegExp(`^front \\(front\\): connected ${h.hub.url.replaceAll('.', '\\.')} since `));

        for (const { id, targets } of RACKS) {
            const row = await rackRowIn('idle', { rack: id });
            const cells = row.locator('td');
            assert.equal(await cells.nth(0).innerText(), LAB);
            assert.equal(await cells.nth(1).locator('strong').innerText(), id);
            assert.match(await cells.nth(1).locator('.muted').innerText(), /^\d+\.\d+\.\d+/, 'the version of the rack monitor');
            assert.equal(await cells.nth(3).innerText(), '0', 'nothing queued');
            assert.deepEqual(await row.locator('li[data-target]').evaluateAll((els) => els.map((e) => e.dataset.target)), targets);
            for (const [slot, target] of targets.entries()) {
                assert.match(await row.locator(`li[data-target=${target}]`).innerText(), new RegExp(`^${target} 0/${slot} · `));
            }
        }
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
        assert.match(ended.stdout, new RegExp(`sifive_e @ .* on rack ${RACK_ID} `), 'sifive_e is only on rack A');
        for (const { id } of RACKS) await rackRowIn('idle', { rack: id });
    });

    it("the run's page shows each target's shard and the rack that ran it", STEP, async () => {
        const rows = await shardsOf(runId);
        assert.deepEqual(
            rows.map(({ target, state }) => [target, state]),
            TARGETS.map((t) => [t, 'finished']),
        );
        for (const { target, attempts, results, resultRacks } of rows) {
            assert.equal(attempts.length, 1, `${target} was not handed over: ${JSON.stringify(attempts)}`);
            const [{ text, rack, outcome }] = attempts;
            assert.ok(
                RACKS.some((r) => r.id === rack && r.targets.includes(target)),
                `${target} ran on ${rack}, a rack that has it`,
            );
            assert.match(text, new RegExp(`^attempt 1 on ${rack}: finished, \\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d$`));
            assert.equal(outcome, 'finished');
            assert.ok(results > 0, `${target}: ${results} results`);
            assert.deepEqual(resultRacks, [`${results} from ${rack}`], `${target}: every result from the rack of its attempt`);
        }
        assert.equal(
            rows.reduce((sum, { results }) => sum + results, 0),
            resultCount,
            'every result of the run is counted once',
        );
        perTarget = rows.find((r) => r.target === SHARED_TARGET).results;
        await h.screenshot('run-shards');
    });

    it(
        `a rack killed (SIGKILL) mid-shard: its ${SHARED_TARGET} shard is handed over and the run finishes`,
        { timeout: 240_000 },
        async () => {
            const cli = h.cli(['test', 'examples/rsp-probe', '--include-targets', SHARED_TARGET, '--no-input'], { background: true });
            let early = null;
            cli.done.then((r) => (early = r));
            // the first result names the rack that claimed the shard: kill that rack while its runner goes on
            const first = await new Promise((ok, fail) => {
                let out = '';
                cli.child.stdout.on('data', (chunk) => {
                    out += chunk;
                    const rack = new RegExp(`${SHARED_TARGET} @ .*? on rack (\\S+) `).exec(out)?.[1];
                    if (rack) ok(rack);
                });
                cli.done.then((r) => fail(new Error(`hive test ended (${r.code}) before a result came:\n${r.stdout}\n${r.stderr}`)));
            });
            const killed = await h.killRack(first);
            assert.equal(killed.signal, 'SIGKILL');
            assert.equal(early, null, 'the run was still going when its rack was killed');
            const other = RACKS.find((r) => r.id !== first && r.targets.includes(SHARED_TARGET)).id;

            const ended = await cli.done;
            assert.equal(ended.code, 0, `hive test:\n${ended.stdout}\n${ended.stderr}`);
            const id = Number(/Results of run (\d+)/.exec(ended.stdout)?.[1]);
            assert.ok(id > runId, ended.stdout);
            assert.equal(Number(/\((\d+) results\)/.exec(ended.stdout)?.[1]), perTarget, `every test once:\n${ended.stdout}`);
            handover = { id, killed: first, other };
        },
    );

    it("the handed-over run's page: two attempts, the first lost, the second finished, and each rack's results", STEP, async () => {
        const { id, killed, other } = handover;
        const rows = await shardsOf(id);
        assert.equal(rows.length, 1, JSON.stringify(rows));
        const [{ target, state, attempts, results, resultRacks }] = rows;
        assert.equal(target, SHARED_TARGET);
        assert.equal(state, 'finished');
        assert.deepEqual(
            attempts.map(({ rack, outcome }) => [rack, outcome]),
            [
                [killed, 'lost'],
                [other, 'finished'],
            ],
        );
        assert.match(attempts[0].text, new RegExp(`^attempt 1 on ${killed}: lost, `));
        assert.match(attempts[1].text, new RegExp(`^attempt 2 on ${other}: finished, `));
        assert.equal(results, perTarget, 'every test once, none twice');
        // the killed rack's results before it died stand; the other rack ran the rest (none, if it had sent all)
        const counts = resultRacks.map((line) => /^(\d+) from (\S+)$/.exec(line));
        assert.ok(counts.every(Boolean), JSON.stringify(resultRacks));
        assert.equal(counts[0][2], killed, JSON.stringify(resultRacks));
        assert.ok(Number(counts[0][1]) >= 1, JSON.stringify(resultRacks));
        const rest = perTarget - Number(counts[0][1]);
        assert.deepEqual(
            counts.slice(1).map(([, n, rack]) => [rack, Number(n)]),
            rest > 0 ? [[other, rest]] : [],
            JSON.stringify(resultRacks),
        );
        await h.screenshot('run-shard-handed-over');
    });

    it('Fleet page: the killed rack is gone once its inventory entry expired, the other idle', STEP, async () => {
        const { killed, other } = handover;
        await page.goto(`${h.url}/fleet`);
        await rackRowIn('gone', { rack: killed, seconds: 4 * INVENTORY_TTL_SECONDS });
        assert.match(await page.locator(`tr[data-rack="${killed}"]`).getAttribute('class'), /\bgone\b/, 'the gone rack is greyed out');
        await rackRowIn('idle', { rack: other });
        await h.screenshot('fleet-rack-gone');
    });
});
