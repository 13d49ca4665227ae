// End to end: the web UI in Debian's Chromium against a real monitor with a virtual rack of QEMU boards
// (lm3s6965evb and sifive_e on one stack, two channels). The steps build on each other and run in order;
// each saves a screenshot into webui/target/e2e-screenshots/.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from './harness.mjs';

const EVIL = '<script>alert(1)</script>';
const PROGRAM = `e2e ${EVIL}`;
const BROKEN = '\nthis is not C; /* e2e: a compile error on purpose */\n';
const STEP = { timeout: 120_000 };
const ENDED = ['FINISHED', 'CANCELLED', 'INTERRUPTED', 'FAILED'];

describe('web UI end to end', { timeout: 1_200_000 }, () => {
    let h;
    let page;
    let token;

    before(async () => {
        h = await Harness.start();
        page = h.page;
        page.setDefaultTimeout(30_000);
    });

    afterEach(async (t) => {
        if (t.passed === false && page) await h.screenshot('failed').catch(() => {});
    });

    after(async () => {
        await h?.stop();
    });

    /** The run numbers of the links `#N` that `links` finds. */
    async function runIds(links) {
        return (await links.allInnerTexts()).map((t) => Number(t.replace('#', '')));
    }

    /** What a user-provided string must never become: a script element that ran or exists. */
    async function assertNoInjectedScript() {
        const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => e.outerHTML));
        assert.deepEqual(
            scripts.filter((s) => s.includes('alert')),
            [],
        );
        assert.deepEqual(h.dialogs, [], 'no dialog may open (alert(1) ran?)');
    }

    it('logs in: a wrong password shows the error first', STEP, async () => {
        await page.goto(h.url + '/');
        await page.waitForURL(/\/login/);
        await page.fill('input[name=name]', h.admin.name);
        await page.fill('input[name=password]', 'not-the-password');
        await page.click('button[type=submit]');
        const error = page.locator('.login-form .error-box');
        await error.waitFor();
        assert.match(await error.innerText(), /\S/);
        assert.match(page.url(), /\/login/);
        await h.screenshot('login-wrong-password');

        await page.fill('input[name=password]', h.admin.password);
        await page.click('button[type=submit]');
        await page.locator('header.topbar .who').waitFor();
        assert.equal(await page.locator('header.topbar .who').innerText(), 'admin (admin)');
        await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    });

    it(
        'dashboard: draws the rack; another board assigned to a slot is started and flashed at reload; assigned back, the reload brings the first one',
        STEP,
        async () => {
            const drawing = page.locator('svg.rack-drawing');
            await drawing.waitFor();
            assert.equal(await drawing.getAttribute('aria-label'), 'Rack e2e-rack');
            assert.equal(await page.locator('svg.rack-drawing g.channel').count(), 2);
            assert.equal(await page.locator('svg.rack-drawing g.slot').count(), 2);
            await h.screenshot('dashboard');

            const lm3s = page.locator('svg.rack-drawing g.slot', { hasText: 'lm3s6965evb' });
            const address = `[data-stack="${await lm3s.getAttribute('data-stack')}"][data-slot="${await lm3s.getAttribute('data-slot')}"]`;
            const slot = page.locator(`svg.rack-drawing g.slot${address}`);
            const editor = page.locator('.panel.editor');
            const assign = async (typed, target) => {
                await slot.click();
                await editor.locator('input[name=target]').fill(typed);
                await editor.locator('[role=option]', { hasText: target }).first().click();
                assert.equal(await editor.locator('input[name=target]').inputValue(), target);
                await editor.getByRole('button', { name: 'Assign' }).click();
                await editor.locator('.notice', { hasText: 'Stored.' }).waitFor();
            };
            const reload = async () => {
                const answer = page.waitForResponse(
                    (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('reinitializeRack'),
                );
                await page.getByRole('button', { name: 'Reload rack' }).click();
                const body = await (await answer).json();
                await page.getByRole('button', { name: 'Reload rack' }).waitFor();
                return body;
            };

            // Another board in the slot is stored; the reload replaces the board with it, built and flashed for its architecture.
            await assign('sifive', 'sifive_e');
            await slot.locator('text.label', { hasText: 'sifive_e' }).waitFor();
            const swapped = await reload();
            assert.equal(swapped.errors, undefined, JSON.stringify(swapped));
            assert.deepEqual(
                swapped.data.reinitializeRack.stacks.flatMap((s) => s.slots).map((s) => [s.target, s.flashStatus]),
                [
                    ['sifive_e', 'OK'],
                    ['sifive_e', 'OK'],
                ],
            );
            assert.equal(await page.locator('section .error-box').count(), 0, 'the reload shows no error');
            await page.locator('svg.rack-drawing g.slot.look-ready').nth(1).waitFor();
            assert.equal(await page.locator('svg.rack-drawing g.slot.look-ready').count(), 2);
            await slot.click();
            assert.equal(await editor.locator('.badge').first().innerText(), 'OK');
            assert.match(await editor.innerText(), /flashed, ready/);
            await h.screenshot('slot-reassigned-reloaded-flashed');

            // Assigned back, so the later steps see the rack of the rack file.
            await assign('lm3s', 'lm3s6965evb');
            await h.screenshot('slot-assigned-back');
            const flashed = await reload();
            assert.equal(flashed.errors, undefined, JSON.stringify(flashed));
            const slots = flashed.data.reinitializeRack.stacks.flatMap((s) => s.slots);
            assert.deepEqual(
                slots.map((s) => [s.target, s.flashStatus]),
                [
                    ['lm3s6965evb', 'OK'],
                    ['sifive_e', 'OK'],
                ],
            );
            assert.equal(await page.locator('section .error-box').count(), 0, 'reloading the rack shows no error');
            assert.equal(await page.locator('svg.rack-drawing g.slot.look-ready').count(), 2);
            await slot.click();
            assert.equal(await editor.locator('.badge').first().innerText(), 'OK');
            assert.match(await editor.locator('pre').innerText(), /^flashed .+ in \d+ ms$/);
            assert.match(await editor.innerText(), /flashed, ready/);
            await h.screenshot('rack-reloaded-flashed');
        },
    );

    it(
        'leases: a target leased from its page is on the drawing and in the Leases view, released there; its page shows its UART answer, its health and lease history',
        STEP,
        async () => {
            const graphql = (query) =>
                page.evaluate(async (q) => {
                    const csrf = document.cookie.match(/(?:^|; )hive_csrf=([^;]*)/)?.[1] ?? '';
                    const answer = await fetch('/graphql', {
                        method: 'POST',
                        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
                        body: JSON.stringify({ query: q }),
                    });
                    return answer.json();
                }, query);
            // The reload made both targets UNKNOWN: the idle health checks take the rack for them; await their end, so
            // the lease is asked for between checks.
            const deadline = Date.now() + 90_000;
            for (;;) {
                const health = await graphql('{ rack { stacks { slots { targetHealth } } } }');
                const states = health.data.rack.stacks.flatMap((s) => s.slots).map((t) => t.targetHealth);
                if (!states.includes('UNKNOWN')) break;
                assert.ok(Date.now() < deadline, `the health checks did not end: ${states}`);
                await page.waitForTimeout(500);
            }
            // An admin's health change first, so the target's history has a row of known who and why.
            const set = await graphql(
                'mutation { setTargetHealth(stack: 0, slot: 1, health: GOOD, reason: "e2e: checked by hand") { id } }',
            );
            assert.equal(set.errors, undefined, JSON.stringify(set));

            // From the slot's panel to the target's page, and leased there.
            await page.goto(h.url + '/');
            await page.locator('svg.rack-drawing g.slot', { hasText: 'sifive_e' }).click();
            await page
                .locator('.panel.editor')
                .getByRole('link', { name: /Target page/ })
                .click();
            await page.waitForURL(/\/targets\/0\/1$/);
            await page.locator('h1', { hasText: 'sifive_e' }).waitFor();
            await page.locator('tr[data-health-change]', { hasText: 'e2e: checked by hand' }).waitFor();
            await page.fill('form.lease-form input[name=minutes]', '20');
            await page.fill('form.lease-form input[name=reason]', `e2e ${EVIL}`);
            await page.click('form.lease-form button[type=submit]');
            const current = page.locator('[data-test="current-lease"]', { hasText: 'Leased by user:admin' });
            await current.waitFor();
            assert.match(await current.innerText(), new RegExp(`e2e ${EVIL.replace(/[()]/g, '\\$&')}`));
            await assertNoInjectedScript();
            await h.screenshot('target-page-leased');

            // The lease's UART in the page: a session ticket, the stream with the session's cookie; the target's
            // testprogram answers `uid?` and the answer shows in the panel.
            await page.click('[data-test="uart-open"]');
            await page.locator('[data-test="uart-state"]', { hasText: 'open' }).waitFor();
            await page.fill('input[name="uart-line"]', 'uid?');
            await page.click('[data-test="uart-console"] button[type=submit]');
            await page.locator('[data-test="uart-output"]', { hasText: /hive:uid=[0-9a-f]{16}/ }).waitFor();
            await h.screenshot('target-page-uart');

            // The drawing shows the leased target with its holder and end.
            await page.click('header.topbar a[href="/"]');
            const leased = page.locator('svg.rack-drawing g.slot.leased');
            await leased.waitFor();
            assert.equal(await leased.count(), 1);
            assert.match(await leased.textContent(), /sifive_e[\s\S]*leased: admin → \d\d:\d\d/);
            assert.match(await leased.locator('title').textContent(), /leased by user:admin until \S+ \(lease \d+\)/);
            await h.screenshot('rack-drawing-leased');

            // The Leases view lists it, and its holder releases it there.
            await page.click('header.topbar a[href="/leases"]');
            const row = page.locator('table.leases tr[data-lease]', { hasText: 'user:admin' });
            await row.waitFor();
            assert.match(await row.innerText(), /sifive_e \(0\/1\)/);
            assert.match(await row.innerText(), /e2e <script>alert\(1\)<\/script>/);
            await assertNoInjectedScript();
            const leaseId = await row.getAttribute('data-lease');
            await h.screenshot('leases-view');
            await row.getByRole('button', { name: 'Release' }).click();
            await page.locator('table.leases', { hasText: 'No leases.' }).waitFor();

            await page.click('header.topbar a[href="/"]');
            await page.locator('svg.rack-drawing g.slot', { hasText: 'sifive_e' }).waitFor();
            assert.equal(await page.locator('svg.rack-drawing g.slot.leased').count(), 0, 'released: not drawn leased');

            // The target's page: the lease in its history, and the health change its end made (after the reflash).
            await page.goto(`${h.url}/targets/0/1`);
            const ended = page.locator(`tr[data-lease="${leaseId}"]`);
            await ended.waitFor();
            assert.match(await ended.innerText(), /released by user:admin/);
            assert.equal(await page.locator('[data-test="current-lease"]').innerText(), 'Not leased.');
            const endedRow = page.locator('tr[data-health-change]', { hasText: `lease ${leaseId} of user:admin ended (released)` });
            for (let i = 0; i < 60 && (await endedRow.count()) === 0; i++) {
                await page.waitForTimeout(500);
                await page.getByRole('button', { name: 'Refresh' }).click();
            }
            assert.match(await endedRow.innerText(), /UNKNOWN[\s\S]*GOOD[\s\S]*SYSTEM[\s\S]*monitor/);
            assert.match(
                await page.locator('tr[data-health-change]', { hasText: 'e2e: checked by hand' }).innerText(),
                /GOOD[\s\S]*SET[\s\S]*admin/,
            );
            await h.screenshot('target-page-history');
        },
    );

    it(
        'testprograms: a name with <script> is text; a compile error shows the compiler output; fixed, it builds and is activated',
        STEP,
        async () => {
            await page.click('header.topbar >> text=Testprograms');
            await page.fill('input[name=new-testprogram]', PROGRAM);
            await page.getByRole('button', { name: 'Create' }).click();
            const heading = page.locator('.panel h2', { hasText: PROGRAM });
            await heading.waitFor();
            assert.equal(await heading.innerText(), PROGRAM);
            assert.equal(await page.locator('ul.programs button', { hasText: PROGRAM }).count(), 1);
            await assertNoInjectedScript();
            await h.screenshot('testprogram-created');

            await page.locator('ul.file-list button', { hasText: 'hive_test.c' }).click();
            const source = page.locator('.code-editor textarea');
            const original = await source.inputValue();
            assert.ok(original.length > 100, 'hive_test.c is the built-in source');
            await source.fill(original + BROKEN);
            await page.getByRole('button', { name: 'Save and build' }).click();
            await page.locator('p.notice', { hasText: 'Build: COMPILE_FAILURE' }).waitFor({ timeout: 90_000 });
            const output = await page.locator('pre.build-output').innerText();
            assert.match(output, /hive_test\.c/);
            assert.match(output, /error/);
            await h.screenshot('testprogram-compile-error');

            await source.fill(original);
            await page.getByRole('button', { name: 'Save and build' }).click();
            await page.locator('p.notice', { hasText: 'Build: OK' }).waitFor({ timeout: 90_000 });
            await page.getByRole('button', { name: 'Activate' }).click();
            const row = page.locator('ul.programs li', { hasText: PROGRAM });
            await row.locator('.badge', { hasText: 'active' }).waitFor({ timeout: 90_000 });
            assert.equal(await page.locator('ul.programs li .badge.ok', { hasText: 'active' }).count(), 1);
            await assertNoInjectedScript();
            await h.screenshot('testprogram-fixed-active');
        },
    );

    it('API tokens: a token created in the page works for `hive test` from the CLI', { timeout: 300_000 }, async () => {
        await page.click('header.topbar >> text=API tokens');
        await page.fill('form.create input >> nth=0', 'e2e-cli');
        await page.getByRole('button', { name: 'Create token' }).click();
        const secret = page.locator('[data-test=token-secret] input.secret-value');
        await secret.waitFor();
        token = await secret.inputValue();
        assert.ok(token.length >= 20, 'the secret is shown');
        await h.screenshot('token-created');

        const cli = await h.cli(['test', 'examples/rsp-probe', '--include-targets', 'lm3s6965evb', '--no-input'], token);
        assert.equal(cli.code, 0, `hive test exited with ${cli.code}:\n${cli.stdout}\n${cli.stderr}`);

        await page.reload();
        const used = page.locator('tbody tr', { hasText: 'e2e-cli' }).locator('td').nth(4);
        await used.waitFor();
        assert.notEqual(await used.innerText(), 'never', 'the token shows as used');
        await h.screenshot('token-used');
    });

    it('runs: a queued run appears, is followed live to its end, and its matrix drills down', { timeout: 300_000 }, async () => {
        await page.click('header.topbar >> text=Runs');
        await page.locator('h1', { hasText: 'Runs' }).waitFor();
        await page.locator('tbody a').first().waitFor();
        const seen = await runIds(page.locator('tbody a'));
        // Two runs at once: one holds the rack while the other waits in the queue, where the page shows it
        // without a reload or Refresh: the queue arrives over the queueChanged subscription.
        const clis = [1, 2].map(() => h.cli(['test', 'examples/rsp-probe', '--no-input'], token, { background: true }));

        const queued = page.locator('h2:text-is("Queue") + table tbody tr', { hasText: 'QUEUED' }).locator('a');
        const deadline = Date.now() + 120_000;
        let runId;
        while (!(runId = (await runIds(queued)).find((id) => !seen.includes(id)))) {
            assert.ok(Date.now() < deadline, 'no run appeared in the queue');
            for (const cli of clis) {
                const exited = await Promise.race([cli.done, new Promise((ok) => setTimeout(() => ok(null), 100))]);
                if (exited) assert.fail(`a hive test ended before a run waited in the queue:\n${exited.stdout}\n${exited.stderr}`);
            }
        }
        await h.screenshot('run-queued');

        // By now the run may have left QUEUED (the other one ended meanwhile): open it from whichever table
        // lists it, the queue or the history.
        await page
            .locator('tbody a')
            .filter({ hasText: new RegExp(`^#${runId}$`) })
            .first()
            .click();
        await page.waitForURL(new RegExp(`/runs/${runId}$`));
        await page.locator('h1', { hasText: `Run #${runId}` }).waitFor();
        // No reload from here on: every state the page shows arrives over the runUpdated subscription.
        await page.evaluate(() => {
            const states = (window.__e2eStates = []);
            setInterval(() => {
                const now = document.querySelector('section > .row .badge')?.textContent?.trim();
                if (now && states[states.length - 1] !== now) states.push(now);
            }, 20);
        });
        await page
            .waitForFunction((ended) => ended.includes(window.__e2eStates?.at(-1)), ENDED, {
                timeout: Number(process.env.HIVE_E2E_RUN_WAIT ?? 180_000),
                polling: 100,
            })
            .catch(async (e) => {
                const shown = await page.evaluate(() => window.__e2eStates);
                const results = await Promise.all(clis.map((c) => Promise.race([c.done, 'still running'])));
                assert.fail(
                    `the run page never showed the end of run ${runId}: states shown ${shown}; ${e.message}; CLIs: ${JSON.stringify(results).slice(0, 3000)}`,
                );
            });
        const states = await page.evaluate(() => window.__e2eStates);
        assert.equal(states.at(-1), 'FINISHED', `states shown: ${states}`);
        assert.ok(states.includes('QUEUED') || states.includes('RUNNING'), `the page showed the run before its end: ${states}`);
        assert.equal(await page.locator('.live-warning').count(), 0, 'no "Live updates interrupted" in the app bar');
        for (const cli of clis) {
            const result = await cli.done;
            assert.equal(result.code, 0, `hive test exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
        }

        const cells = page.locator('table.matrix button.cell');
        await cells.first().waitFor();
        const targets = await page.locator('table.matrix thead th.group .target').allInnerTexts();
        assert.deepEqual(targets, ['lm3s6965evb', 'sifive_e']);
        assert.ok((await cells.count()) >= 20, 'a cell per test and target');
        assert.equal(await page.locator('table.matrix button.cell.status-FAILED, table.matrix button.cell.status-ERROR').count(), 0);
        await h.screenshot('run-finished-matrix');

        const cell = page.locator('table.matrix button.cell.status-SKIPPED[title*="sifive_e"]').first();
        const title = await cell.getAttribute('title');
        await cell.click();
        const detail = page.locator('[data-test=result-detail]');
        await detail.waitFor();
        assert.equal(await detail.locator('.badge').innerText(), 'SKIPPED');
        assert.ok(title.startsWith(await detail.locator('h2').innerText()), `"${title}" names the test the detail shows`);
        assert.match(await detail.locator('.message').innerText(), /only for ARM targets; sifive_e is RISCV/);
        await h.screenshot('run-result-detail');
    });

    it(
        'leases, waiting: a lease asked for while a run uses the rack is refused with an offer to wait, shows pending, and is granted when the run ends',
        { timeout: 300_000 },
        async () => {
            const graphql = (query) =>
                page.evaluate(async (q) => {
                    const csrf = document.cookie.match(/(?:^|; )hive_csrf=([^;]*)/)?.[1] ?? '';
                    const answer = await fetch('/graphql', {
                        method: 'POST',
                        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
                        body: JSON.stringify({ query: q }),
                    });
                    return answer.json();
                }, query);
            const runPage = page.url(); // the restart step goes on from the run's page
            await page.goto(h.url + '/targets/0/1');
            const form = page.locator('form.lease-form');
            await form.waitFor();
            // A run on the rack (both targets): the lease is asked for while it holds the rack.
            const cli = h.cli(['test', 'examples/rsp-probe', '--no-input'], token, { background: true });
            const deadline = Date.now() + 120_000;
            let runId;
            while (!(runId = (await graphql('{ queue { id state } }')).data?.queue?.find((r) => r.state === 'RUNNING')?.id)) {
                const exited = await Promise.race([cli.done, new Promise((ok) => setTimeout(() => ok(null), 100))]);
                if (exited) assert.fail(`hive test ended before its run held the rack:\n${exited.stdout}\n${exited.stderr}`);
                assert.ok(Date.now() < deadline, 'no run began');
            }
            await form.locator('input[name=reason]').fill('e2e: after the run');
            await form.locator('button[type=submit]').click();
            const offer = form.locator('[data-test="wait-offer"] button');
            await offer.waitFor();
            assert.match(await form.locator('.error-box').innerText(), new RegExp(`^run ${runId} is using the rack`));
            assert.equal(await offer.innerText(), `Wait for run ${runId} to end`);
            await h.screenshot('lease-refused-run-on-the-rack');

            await offer.click();
            const pending = page.locator('[data-pending-lease]');
            await pending.waitFor();
            const leaseId = await pending.getAttribute('data-pending-lease');
            assert.match(await pending.innerText(), new RegExp(`Lease ${leaseId} of sifive_e \\(0/1\\) waits for run ${runId} to end`));
            assert.equal(await page.locator('form.lease-form').count(), 0, 'no second request while one waits');
            assert.match(await page.locator(`tr[data-lease="${leaseId}"]`).innerText(), new RegExp(`pending \\(run ${runId}\\)`));
            await h.screenshot('lease-pending');

            // The run ends; the lease is granted before anything else takes the rack, and the page says so.
            const result = await cli.done;
            assert.equal(result.code, 0, `hive test exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
            const notice = page.locator(`[data-settled-lease="${leaseId}"]`);
            await notice.waitFor({ timeout: 60_000 });
            assert.match(await notice.innerText(), new RegExp(`Lease ${leaseId} of sifive_e was granted: channel \\d, until`));
            await page.locator('[data-test="current-lease"]', { hasText: 'Leased by user:admin' }).waitFor();
            assert.equal(await pending.count(), 0);
            await h.screenshot('lease-granted-after-the-run');

            await page.locator(`tr[data-lease="${leaseId}"]`).getByRole('button', { name: 'Release' }).click();
            await page.locator('[data-test="current-lease"]', { hasText: 'Not leased.' }).waitFor();
            await page.goto(runPage);
            await page.locator('table.matrix').waitFor();
        },
    );

    it('restart: after the monitor restarts on the same data dir, the browser is still logged in', STEP, async () => {
        await h.restartMonitor();
        await page.reload();
        await page.locator('header.topbar .who').waitFor();
        assert.equal(await page.locator('header.topbar .who').innerText(), 'admin (admin)');
        // Still on the run's page, which loads its matrix again over GraphQL with the old session.
        await page.locator('table.matrix').waitFor();
        assert.match(new URL(page.url()).pathname, /^\/runs\/\d+$/);
        await h.screenshot('after-restart-logged-in');
    });

    it('logs: newest first, and a log line containing <script> shows as text', STEP, async () => {
        await page.click('header.topbar >> text=Logs');
        const lines = page.locator('ol.log-view li.log-line');
        await lines.first().waitFor();
        const times = await lines.locator('.at').allInnerTexts();
        assert.ok(times.length > 5, `${times.length} log lines shown`);
        assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
        // At start the monitor logs the stored active testprogram by name: the name holds <script>.
        const evil = page.locator('ol.log-view li.log-line .message', { hasText: EVIL });
        await evil.first().waitFor();
        assert.match(await evil.first().innerText(), /testprogram 'e2e <script>alert\(1\)<\/script>' is active/);
        assert.equal(await page.locator('ol.log-view script').count(), 0);
        await assertNoInjectedScript();
        await evil.first().scrollIntoViewIfNeeded();
        await h.screenshot('logs-script-as-text');
    });

    it(
        'run page with 32 columns: 8 boards × 4 probes of docs/examples/virtual-rack.yaml, the test names readable and in place while the matrix scrolls',
        { timeout: 600_000 },
        async () => {
            await h.useRack('docs/examples/virtual-rack.yaml');
            const cli = await h.cli(
                ['test', 'examples/rsp-probe', '--select', 'dev.hive.example.rsp.hive.TestprogramImageTest', '--no-input'],
                token,
            );
            assert.equal(cli.code, 0, `hive test exited with ${cli.code}:\n${cli.stdout}\n${cli.stderr}`);

            // The runs list names what each run tested: the example's coordinates, branch and commit of this checkout.
            await page.goto(h.url + '/runs');
            const newest = page.locator('div.row:has(h2:text-is("History")) + table tbody tr').first();
            await newest.waitFor();
            const cells = await newest.locator('td').allInnerTexts();
            assert.ok(
                cells.some((c) => /^dev\.hive\.examples:rsp-probe:/.test(c)),
                `the newest run names the candidate: ${cells}`,
            );
            assert.ok(
                cells.some((c) => /^[0-9a-f]{12}\+?$/.test(c)),
                `the newest run names the commit: ${cells}`,
            );
            await h.screenshot('runs-list-provenance');

            await newest.locator('a').first().click();
            await page.waitForURL(/\/runs\/\d+$/);
            const headline = page.locator('[data-test=run-headline] .provenance');
            await headline.waitFor();
            assert.match(await headline.innerText(), /dev\.hive\.examples:rsp-probe:/);
            assert.equal(await page.locator('section > .row .badge').innerText(), 'FINISHED');
            assert.equal(await page.locator('table.matrix thead th.group').count(), 8);
            assert.equal(await page.locator('table.matrix thead th.col').count(), 32);
            assert.equal(await page.locator('table.matrix tbody tr').first().locator('button.cell').count(), 32);

            const name = page.locator('table.matrix tbody th.test').first();
            const scroller = page.locator('[data-test=matrix-scroll]');
            const lastProbe = page.locator('table.matrix thead th.col').last();
            const assertReadableAndSticky = async (viewport) => {
                const before = await name.boundingBox();
                assert.ok(before.width > 160, `${viewport}: the test-name column is ${before.width} px wide`);
                assert.ok(before.height < 150, `${viewport}: a test name takes ${before.height} px in height`);
                const pageWidth = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
                assert.ok(pageWidth[0] <= pageWidth[1], `${viewport}: the page does not scroll sideways: ${pageWidth}`);
                const probeBefore = await lastProbe.boundingBox();
                await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
                await page.waitForFunction((el) => el.scrollLeft > 0, await scroller.elementHandle());
                const after = await name.boundingBox();
                const probeAfter = await lastProbe.boundingBox();
                assert.ok(probeAfter.x < probeBefore.x - 100, `${viewport}: the matrix scrolled: ${probeBefore.x} → ${probeAfter.x}`);
                assert.ok(Math.abs(after.x - before.x) < 1, `${viewport}: the test names stay in place: ${before.x} → ${after.x}`);
                await scroller.evaluate((el) => el.scrollTo({ left: 0 }));
            };
            await assertReadableAndSticky('1280 px');
            await h.screenshot('run-page-32-columns');
            await page.setViewportSize({ width: 800, height: 900 });
            await assertReadableAndSticky('800 px');
            await h.screenshot('run-page-32-columns-narrow');
            await page.setViewportSize({ width: 1280, height: 900 });

            // Hover: a skipped cell's title gives its reason.
            const riscv = page.locator('table.matrix button.cell.status-SKIPPED[title*="sifive_e"]').first();
            assert.match(await riscv.getAttribute('title'), /: SKIPPED\nonly for ARM targets; sifive_e is RISCV/);
            // Opened with the keyboard: the test that prints the HIVE_UID and reports it shows both.
            const row = page.locator('table.matrix tbody tr', { hasText: 'theTargetRunsThisBuildOfTheTestprogram' });
            await row.locator('button.cell').nth(5).focus();
            await page.keyboard.press('Enter');
            const detail = page.locator('[data-test=result-detail]');
            await detail.waitFor();
            assert.match((await detail.locator('.stdout').innerText()).trim(), /^HIVE_UID read through the probe: 0x[0-9a-f]{16}$/);
            assert.equal(await detail.locator('.reports dt').innerText(), 'HIVE_UID');
            assert.match(await detail.locator('.reports dd').innerText(), /^[0-9a-f]{16}$/);
            await h.screenshot('run-page-32-columns-open-cell');
        },
    );
});
