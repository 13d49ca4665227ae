// Benchmark (not a test): the dashboard's first load in Chromium against a real monitor with a virtual rack,
// logged in, with an empty HTTP cache: bytes transferred (as sent: gzip) and the time until the rack drawing
// shows its slots. Run by bench/run; `node e2e/first-load.bench.mjs [--quick]`.
import { Harness } from './harness.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 5;
const h = await Harness.start();
try {
    const login = h.page;
    await login.goto(h.url + '/login');
    await login.fill('input[name=name]', h.admin.name);
    await login.fill('input[name=password]', h.admin.password);
    await login.click('button[type=submit]');
    await login.locator('header.topbar .who').waitFor();
    const cookies = await h.context.storageState();

    const loads = [];
    for (let i = 0; i < rounds; i++) {
        // A fresh context: the session cookie, and nothing cached.
        const context = await h.browser.newContext({ storageState: cookies, viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const responses = [];
        page.on('response', (r) => responses.push(r));
        const start = performance.now();
        await page.goto(h.url + '/');
        await page.locator('svg.rack-drawing g.slot').first().waitFor();
        const usable = performance.now() - start;
        await page.waitForLoadState('networkidle');
        let bytes = 0;
        for (const r of responses) {
            const sizes = await r.request().sizes();
            bytes += sizes.responseBodySize + sizes.responseHeadersSize;
        }
        loads.push({ usable, bytes });
        await context.close();
    }
    loads.sort((a, b) => a.usable - b.usable);
    const median = loads[Math.floor(loads.length / 2)];
    const row = (scenario, figure, target) => console.log(`${scenario.padEnd(60)}  ${figure.padEnd(30)}  ${target}`);
    row('web UI: dashboard first load, transferred (gzip)', `${(median.bytes / 1024).toFixed(1)} kB`, '< 500 kB');
    row(`web UI: dashboard usable (rack drawn), median of ${rounds}`, `${Math.round(median.usable)} ms`, '< 2000 ms');
} finally {
    await h.stop();
}
