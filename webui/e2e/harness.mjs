// The end-to-end harness: a real monitor (this checkout's build) with a virtual rack of QEMU boards in a
// temp dir, an admin made by `hive-monitor init`, and Debian's Chromium driven by playwright-core.
// Everything it starts it also stops, and `stop()` checks that no process of the rack is left.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = join(REPO, 'webui/target/e2e-screenshots');
const MONITOR = join(REPO, 'monitor/bin/hive-monitor');
export const CLI = join(REPO, 'cli/bin/hive');
const CHROMIUM = process.env.HIVE_E2E_CHROMIUM ?? '/usr/bin/chromium';
const run = promisify(execFile);

const RACK = (runDirectory) => `name: e2e-rack
backend: virtual
channels: 2
runDirectory: ${runDirectory}
stacks:
  - name: stack-a
    targets: [lm3s6965evb, sifive_e]
`;

/** A free TCP port on loopback (kept for the monitor's restart, so the browser's origin stays the same). */
export function freePort() {
    return new Promise((ok, fail) => {
        const server = createServer();
        server.once('error', fail);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => ok(port));
        });
    });
}

/** The monitor process: started, waited for on /healthz, stopped (SIGTERM, then SIGKILL after 20 s). */
export class MonitorProcess {
    constructor(home, port, name = 'the monitor') {
        this.home = home;
        this.name = name;
        this.port = port;
        this.url = `http://127.0.0.1:${port}`;
        this.child = null;
        this.log = '';
    }

    async start() {
        const child = spawn(MONITOR, ['-c', join(this.home, 'monitor.yaml'), 'serve'], {
            cwd: this.home,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        this.child = child;
        this.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
        const keep = (chunk) => {
            this.log += chunk;
            if (this.log.length > 200_000) this.log = this.log.slice(-100_000);
        };
        child.stdout.setEncoding('utf8').on('data', keep);
        child.stderr.setEncoding('utf8').on('data', keep);
        const deadline = Date.now() + 90_000;
        let stopped = false;
        this.exited.then(() => (stopped = true));
        while (Date.now() < deadline) {
            if (stopped) throw new Error(`${this.name} stopped at start:\n${this.log.slice(-3000)}`);
            try {
                const answer = await fetch(`${this.url}/healthz`);
                if (answer.ok) return;
            } catch {
                // not listening yet
            }
            await new Promise((ok) => setTimeout(ok, 250));
        }
        throw new Error(`${this.name} did not answer /healthz within 90 s:\n${this.log.slice(-3000)}`);
    }

    async stop() {
        if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
        this.child.kill('SIGTERM');
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
        await this.exited;
        clearTimeout(timer);
    }
}

/** Processes whose command line names `dir` (the rack's QEMU boards name their sockets there). */
export async function processesUsing(dir) {
    const found = [];
    for (const pid of await readdir('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
            const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
            if (cmdline.includes(dir)) found.push(`${pid} ${cmdline.slice(0, 200)}`);
        } catch {
            // ended meanwhile
        }
    }
    return found;
}

/** Debian's Chromium, headless, and one page in a fresh profile; dialogs are dismissed and kept in `dialogs`. */
export async function openBrowser(target) {
    target.browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
        ],
    });
    // playwright-core gives every context a fresh profile (its own --user-data-dir in a temp dir).
    target.context = await target.browser.newContext({ viewport: { width: 1280, height: 900 } });
    target.page = await target.context.newPage();
    target.dialogs = [];
    target.page.on('dialog', (d) => {
        target.dialogs.push(d.message());
        d.dismiss().catch(() => {});
    });
    target.shot = 0;
    if (process.env.HIVE_E2E_DEBUG) {
        target.page.on('websocket', (ws) => {
            const show = (dir) => (f) => console.log(`ws ${dir} ${String(f.payload).slice(0, 300)}`);
            ws.on('framesent', show('>'));
            ws.on('framereceived', show('<'));
            ws.on('close', () => console.log('ws closed'));
        });
        target.page.on('console', (m) => console.log(`console ${m.type()}: ${m.text()}`));
    }
}

/** Saves `NN-name.png` (full page) of `target.page` in `dir`, numbered by `target.shot`. */
export async function screenshot(target, name, dir = SCREENSHOTS) {
    target.shot += 1;
    const file = join(dir, `${String(target.shot).padStart(2, '0')}-${name}.png`);
    await target.page.screenshot({ path: file, fullPage: true });
    return file;
}

/** Runs the CLI at `url` with an API token, remembered in `target.clis`; answers {code, stdout, stderr}. */
export function runCli(target, url, args, token, { background = false } = {}) {
    const child = spawn(CLI, args, {
        cwd: REPO,
        // a JVM per command (no CLI daemon left behind in the user's cache; cli/src/test's DaemonIT tests the daemon)
        env: { ...process.env, HIVE_URL: url, HIVE_TOKEN: token, HIVE_DAEMON: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (c) => (out.stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (out.stderr += c));
    const done = new Promise((ok) => child.once('exit', (code) => ok({ code, ...out })));
    (target.clis ??= []).push(child);
    return background ? { child, done } : done;
}

/** Kills (SIGKILL) the CLI processes in `target.clis` that still run. */
export function killClis(target) {
    for (const child of target.clis ?? []) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
}

export class Harness {
    static async start() {
        const h = new Harness();
        try {
            await h.setUp();
        } catch (e) {
            await h.stop().catch((more) => console.error(`e2e: after a failed start: ${more.message}`));
            throw e;
        }
        return h;
    }

    async setUp() {
        this.home = await mkdtemp(join(tmpdir(), 'hive-e2e-'));
        this.runDirectory = join(this.home, 'rack-run');
        await mkdir(this.runDirectory);
        await rm(SCREENSHOTS, { recursive: true, force: true });
        await mkdir(SCREENSHOTS, { recursive: true });
        this.port = await freePort();
        await writeFile(join(this.home, 'rack.yaml'), RACK(this.runDirectory));
        await writeFile(
            join(this.home, 'monitor.yaml'),
            `dataDir: data\nrackFile: rack.yaml\nhttp:\n  port: ${this.port}\n  bindAddress: 127.0.0.1\n`,
        );
        this.admin = { name: 'admin', password: `e2e-${Math.random().toString(36).slice(2)}-pass` };
        await writeFile(join(this.home, 'admin-password'), this.admin.password, { mode: 0o600 });
        await run(
            MONITOR,
            [
                '-c',
                join(this.home, 'monitor.yaml'),
                'init',
                '--admin',
                this.admin.name,
                '--password-file',
                join(this.home, 'admin-password'),
            ],
            {
                cwd: this.home,
            },
        );
        this.monitor = new MonitorProcess(this.home, this.port);
        await this.monitor.start();
        await openBrowser(this);
    }

    get url() {
        return this.monitor.url;
    }

    /** Saves `webui/target/e2e-screenshots/NN-name.png` (full page). */
    async screenshot(name) {
        return screenshot(this, name);
    }

    /** Stops the monitor and starts it again on the same data dir and port. */
    async restartMonitor() {
        await this.monitor.stop();
        this.monitor = new MonitorProcess(this.home, this.port);
        await this.monitor.start();
    }

    /**
     * Replaces the rack file with `rackFile` (a rack file of `docs/examples`, given the harness's run directory)
     * and restarts the monitor on it: the rack file decides the rack at start.
     */
    async useRack(rackFile) {
        const rack = await readFile(join(REPO, rackFile), 'utf8');
        await writeFile(join(this.home, 'rack.yaml'), `${rack}\nrunDirectory: ${this.runDirectory}\n`);
        await this.restartMonitor();
    }

    /** Runs the CLI with an API token; answers {code, stdout, stderr}. */
    cli(args, token, options = {}) {
        return runCli(this, this.url, args, token, options);
    }

    /** Tears everything down; throws when a process of the rack is still running afterwards. */
    async stop() {
        const problems = [];
        killClis(this);
        await this.browser?.close().catch((e) => problems.push(`closing Chromium: ${e}`));
        await this.monitor?.stop();
        if (this.runDirectory) {
            const left = await processesUsing(this.runDirectory);
            if (left.length) problems.push(`processes of the rack are still running:\n${left.join('\n')}`);
            const dirs = (await readdir(this.runDirectory).catch(() => [])).filter((d) => d.startsWith('hive-rack-'));
            if (dirs.length) problems.push(`rack run directories left behind: ${dirs.join(', ')}`);
        }
        if (problems.length === 0 && this.home && !process.env.HIVE_E2E_KEEP) {
            await rm(this.home, { recursive: true, force: true });
        }
        if (problems.length) throw new Error(problems.join('\n'));
    }
}
