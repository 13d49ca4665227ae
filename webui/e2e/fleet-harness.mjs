// The fleet's end-to-end harness (docs/fleet.md): a real NATS JetStream hub (Debian's nats-server), a front
// monitor without hardware and two rack monitors with small virtual racks of QEMU boards (one target on both, so
// a shard can be handed over), all packaged monitors of this checkout on loopback ports, in one temp dir; an
// admin and an API token on the front made by `hive-monitor init`; Debian's Chromium on the front's dashboard.
// As scripts/local-fleet does, by hand. Short claims and inventory TTLs keep a killed rack's hand-over fast.
// Everything it starts it also stops, also after a failed start, and `stop()` checks that no process started
// in its temp dir (hub, monitors, QEMU boards) is left.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MonitorProcess, REPO, SCREENSHOTS, freePort, killClis, openBrowser, processesUsing, runCli, screenshot } from './harness.mjs';

const MONITOR = join(REPO, 'monitor/bin/hive-monitor');
const run = promisify(execFile);
const SHOTS = join(SCREENSHOTS, 'fleet');

export const LAB = 'e2e-lab';
/**
 * The racks, one channel each: lm3s6965evb on both (the shard that is handed over; in the same slot 0/0, so both
 * racks' results are for the same cells and the front keeps each cell's first), sifive_e on rack A only.
 */
export const RACKS = [
    { id: 'e2e-rack-a', targets: ['lm3s6965evb', 'sifive_e'] },
    { id: 'e2e-rack-b', targets: ['lm3s6965evb'] },
];
export const RACK_ID = RACKS[0].id;
export const SHARED_TARGET = 'lm3s6965evb';
/** Every target of the fleet, by name. */
export const TARGETS = [...new Set(RACKS.flatMap((r) => r.targets))].sort();
/** A rack's claim on a shard (renewed every third of it) and its inventory entry's life (docs/monitor-config.md). */
export const CLAIM_SECONDS = 5;
export const INVENTORY_TTL_SECONDS = 6;

/** The hub: JetStream with its store in `dir`, loopback only, free ports (read from its ports file). */
class NatsHub {
    constructor(dir) {
        this.dir = dir;
        this.log = '';
    }

    async start() {
        const child = spawn(
            'nats-server',
            ['-js', '-a', '127.0.0.1', '-p', '-1', '-m', '-1', '-sd', join(this.dir, 'store'), '--ports_file_dir', this.dir],
            { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        this.child = child;
        this.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
        const keep = (chunk) => (this.log = (this.log + chunk).slice(-20_000));
        child.stdout.setEncoding('utf8').on('data', keep);
        child.stderr.setEncoding('utf8').on('data', keep);
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline) {
            if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nats-server stopped at start:\n${this.log}`);
            try {
                const ports = JSON.parse(await readFile(join(this.dir, `nats-server_${child.pid}.ports`), 'utf8'));
                const health = await fetch(`${ports.monitoring[0]}/healthz?js-enabled-only=true`);
                if (health.ok) {
                    this.url = ports.nats[0];
                    return;
                }
            } catch {
                // no ports file yet, or not answering yet
            }
            await new Promise((ok) => setTimeout(ok, 100));
        }
        throw new Error(`nats-server was not ready within 30 s:\n${this.log}`);
    }

    async stop() {
        if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
        this.child.kill('SIGTERM');
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
        await this.exited;
        clearTimeout(timer);
    }
}

// The same claim time and TTL on every monitor: the front creates the consumers and the bucket with its own.
const FLEET = (hub, rackId, role, lab) => `fleet:
  enabled: true
  servers: [${hub}]
  rackId: ${rackId}
  lab: ${lab}
  role: ${role}
  claimSeconds: ${CLAIM_SECONDS}
  inventoryTtlSeconds: ${INVENTORY_TTL_SECONDS}
`;

export class FleetHarness {
    static async start() {
        const h = new FleetHarness();
        try {
            await h.setUp();
        } catch (e) {
            await h.stop().catch((more) => console.error(`e2e fleet: after a failed start: ${more.message}`));
            throw e;
        }
        return h;
    }

    async setUp() {
        this.home = await mkdtemp(join(tmpdir(), 'hive-e2e-fleet-'));
        await rm(SHOTS, { recursive: true, force: true });
        await mkdir(SHOTS, { recursive: true });
        await mkdir(join(this.home, 'hub'));
        this.hub = new NatsHub(join(this.home, 'hub'));
        await this.hub.start();

        // the racks, started side by side: one channel each, their QEMU boards (with their sockets) in their own
        // run directory; their HTTP servers on loopback are never contacted
        this.racks = new Map();
        await Promise.all(
            RACKS.map(async ({ id, targets }) => {
                const rackHome = join(this.home, id);
                await mkdir(join(rackHome, 'run'), { recursive: true });
                await writeFile(
                    join(rackHome, 'rack.yaml'),
                    `name: ${id}\nbackend: virtual\nchannels: 1\nrunDirectory: ${join(rackHome, 'run')}\nstacks:\n  - name: stack-a\n    targets: [${targets.join(', ')}]\n`,
                );
                this.racks.set(id, await this.monitor(rackHome, id, FLEET(this.hub.url, id, 'rack', LAB)));
            }),
        );

        // the front: no hardware, an admin for the browser and an API token for the CLI
        const frontHome = join(this.home, 'front');
        await mkdir(frontHome, { recursive: true });
        await writeFile(join(frontHome, 'rack.yaml'), 'name: front\nbackend: none\n');
        this.admin = { name: 'admin', password: `e2e-${Math.random().toString(36).slice(2)}-pass` };
        await writeFile(join(frontHome, 'admin-password'), this.admin.password, { mode: 0o600 });
        this.front = await this.monitor(frontHome, 'the front', FLEET(this.hub.url, 'front', 'front', 'hq'), [
            '--admin',
            this.admin.name,
            '--password-file',
            join(frontHome, 'admin-password'),
            '--token',
            'e2e-cli',
            '--token-file',
            join(frontHome, 'cli.token'),
        ]);
        this.token = (await readFile(join(frontHome, 'cli.token'), 'utf8')).trim();
        await openBrowser(this);
    }

    /** Writes monitor.yaml in `home` (HTTP on a free loopback port, `fleet`), runs `init` when asked, starts it. */
    async monitor(home, name, fleet, init = []) {
        const port = await freePort();
        await writeFile(
            join(home, 'monitor.yaml'),
            `dataDir: data\nrackFile: rack.yaml\nhttp:\n  port: ${port}\n  bindAddress: 127.0.0.1\n${fleet}`,
        );
        if (init.length) await run(MONITOR, ['-c', join(home, 'monitor.yaml'), 'init', ...init], { cwd: home });
        const monitor = new MonitorProcess(home, port, name);
        (this.monitors ??= []).push(monitor);
        await monitor.start();
        return monitor;
    }

    get url() {
        return this.front.url;
    }

    /**
     * Kills rack `id`'s monitor with SIGKILL, as a rack that dies: no shutdown, its claim is neither renewed nor
     * acknowledged, its inventory entry is not refreshed. Its QEMU boards die with it (`setpriv --pdeathsig`).
     * Answers how the process ended ({code, signal}).
     */
    async killRack(id) {
        const rack = this.racks.get(id);
        if (!rack) throw new Error(`no rack ${id} in this fleet (racks: ${[...this.racks.keys()].join(', ')})`);
        rack.child.kill('SIGKILL');
        return rack.exited;
    }

    async screenshot(name) {
        return screenshot(this, name, SHOTS);
    }

    /** Runs the CLI against the front with its API token; answers {code, stdout, stderr}. */
    cli(args, options = {}) {
        return runCli(this, this.url, args, this.token, options);
    }

    /**
     * Tears everything down (front, racks, hub). A process started in its temp dir that still runs afterwards (a
     * QEMU board of a monitor that had to be killed) is killed too, and reported: then it throws.
     */
    async stop() {
        const problems = [];
        killClis(this);
        await this.browser?.close().catch((e) => problems.push(`closing Chromium: ${e}`));
        for (const monitor of [...(this.monitors ?? [])].reverse()) {
            await monitor.stop().catch((e) => problems.push(`stopping ${monitor.name}: ${e}`));
        }
        await this.hub?.stop().catch((e) => problems.push(`stopping the hub: ${e}`));
        if (this.home) {
            const left = await processesUsing(this.home);
            if (left.length) {
                problems.push(`processes of the fleet were still running (killed now):\n${left.join('\n')}`);
                for (const line of left) {
                    try {
                        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
                    } catch {
                        // ended meanwhile
                    }
                }
            }
        }
        if (problems.length === 0 && this.home && !process.env.HIVE_E2E_KEEP) {
            await rm(this.home, { recursive: true, force: true });
        }
        if (problems.length) throw new Error(problems.join('\n'));
    }
}
