// Prints each page's first-load JavaScript (raw and gzipped) from the last `next build`, and the
// widget loader's size. Next 16 no longer prints sizes; it writes the chunk lists to
// .next/diagnostics/route-bundle-stats.json, which this reads. Run `npm run build` first.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const statsFile = '.next/diagnostics/route-bundle-stats.json';
if (!existsSync(statsFile)) {
  console.error(`${statsFile} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
const routes = JSON.parse(readFileSync(statsFile, 'utf8'));
const gz = new Map();
const gzipped = (path) => {
  if (!gz.has(path)) gz.set(path, gzipSync(readFileSync(path)).length);
  return gz.get(path);
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const rows = routes
  .filter((r) => !r.route.startsWith('/_'))
  .map((r) => ({
    route: r.route,
    raw: r.firstLoadUncompressedJsBytes,
    gzip: r.firstLoadChunkPaths.reduce((sum, p) => sum + gzipped(p), 0),
  }))
  .sort((a, b) => a.route.localeCompare(b.route));

console.log('| page | first-load JS | gzipped |');
console.log('| --- | ---: | ---: |');
for (const r of rows) console.log(`| \`${r.route}\` | ${kb(r.raw)} | ${kb(r.gzip)} |`);
const embed = readFileSync('public/embed.js');
console.log(`| \`/embed.js\` (widget loader) | ${kb(embed.length)} | ${kb(gzipSync(embed).length)} |`);
