// Prints the size of every file in dist/ (raw and gzip -9), the total, and what the first load of the
// dashboard transfers: index.html, what it references, the DashboardPage chunk, and their static imports.
// Usage: node scripts/dist-size.mjs [dist]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const files = [];
(function walk(dir) {
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(relative(dist, path));
    }
})(dist);

const size = new Map(
    files.map((f) => {
        const bytes = readFileSync(join(dist, f));
        return [f, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }];
    }),
);
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const sum = (list) => list.reduce((a, f) => ({ raw: a.raw + size.get(f).raw, gzip: a.gzip + size.get(f).gzip }), { raw: 0, gzip: 0 });

// First load of "/": index.html, its script and stylesheet, then the dashboard chunk, following imports.
const firstLoad = new Set(['index.html']);
const queue = [];
const html = readFileSync(join(dist, 'index.html'), 'utf8');
for (const m of html.matchAll(/(?:src|href)="\/([^"]+)"/g)) if (size.has(m[1])) queue.push(m[1]);
for (const f of files) if (/^assets\/DashboardPage-/.test(f)) queue.push(f);
while (queue.length) {
    const f = queue.pop();
    if (firstLoad.has(f)) continue;
    firstLoad.add(f);
    if (!f.endsWith('.js')) continue;
    const js = readFileSync(join(dist, f), 'utf8');
    for (const m of js.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) {
        const dep = `assets/${m[1]}`;
        if (size.has(dep)) queue.push(dep);
    }
}

for (const f of [...files].sort())
    console.log(`${f.padEnd(52)} ${kb(size.get(f).raw).padStart(10)} ${kb(size.get(f).gzip).padStart(10)} gzip`);
const all = sum(files),
    first = sum([...firstLoad]);
console.log(`${'all of dist/'.padEnd(52)} ${kb(all.raw).padStart(10)} ${kb(all.gzip).padStart(10)} gzip (${files.length} files)`);
console.log(
    `${'first load of the dashboard'.padEnd(52)} ${kb(first.raw).padStart(10)} ${kb(first.gzip).padStart(10)} gzip (${firstLoad.size} files)`,
);
