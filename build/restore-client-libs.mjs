#!/usr/bin/env node
// Restores exactly the files libman.json lists, from the npm registry (npm pack), since LibMan's own
// tool and the CDNs are not reachable here. Every file is checked against the SRI hash (sha384) that
// libman.integrity, beside libman.json, keeps for it: a file already in place with the right hash is
// left alone (no network), a downloaded file with another hash is refused and not written. Only the
// listed files are written: a destination folder is never deleted, since other files may live there.
// Errors are printed in MSBuild's canonical format so the build shows them as errors.
//
//   node build/restore-client-libs.mjs [libman.json]            restore and verify
//   node build/restore-client-libs.mjs [libman.json] --record   after a reviewed change of libman.json:
//                                                               download and write libman.integrity anew
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const record = args.includes('--record');
const manifestPath = resolve(args.find(a => !a.startsWith('--')) ?? 'libman.json');
const root = dirname(manifestPath);
const integrityPath = join(root, 'libman.integrity');

function fail(message, file = manifestPath) {
  console.error(`${file} : error LIBMAN001: ${message}`);
  process.exit(1);
}

let manifest;
try {
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
} catch (e) {
  fail(`libman.json cannot be read: ${e.message}`);
}
const libraries = manifest.libraries ?? [];

// libman.integrity: one line per file, "<path from the repository root, with /> sha384-<base64>".
const recorded = new Map();
if (existsSync(integrityPath)) {
  for (const [i, line] of readFileSync(integrityPath, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    const m = line.match(/^(\S+) (sha384-[A-Za-z0-9+/]{64})$/);
    if (!m) fail(`line ${i + 1} is not "<path> sha384-<base64 of 48 bytes>": ${line.slice(0, 120)}`, integrityPath);
    recorded.set(m[1], m[2]);
  }
} else if (!record) {
  fail('libman.integrity is missing: it keeps the sha384 of every restored file. Run this script with --record once, after checking the library versions.', integrityPath);
}

const sri = bytes => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const keyOf = target => relative(root, target).split(sep).join('/');

for (const lib of libraries) {
  const provider = lib.provider ?? manifest.defaultProvider;
  if (provider !== 'unpkg' && provider !== 'jsdelivr') fail(`${lib.library}: provider '${provider}' is not supported (unpkg or jsdelivr, both served from the npm registry).`);
  if (!(lib.library?.lastIndexOf('@') > 0)) fail(`${lib.library}: expected name@version.`);
  if (!lib.destination || !Array.isArray(lib.files) || lib.files.length === 0) fail(`${lib.library}: needs a destination and a files list.`);
}

const planned = libraries.map(lib => ({
  spec: lib.library,
  destination: lib.destination,
  files: lib.files.map(file => ({ file, target: join(root, lib.destination, file) })),
}));
for (const { spec, files } of planned) {
  for (const { target } of files) {
    if (!record && !recorded.has(keyOf(target))) fail(`${spec}: no sha384 recorded for ${keyOf(target)}. Run this script with --record after checking the new file.`, integrityPath);
  }
}

const intact = ({ target }) => existsSync(target) && sri(readFileSync(target)) === recorded.get(keyOf(target));
const written = new Map();
for (const { spec, destination, files } of planned) {
  if (!record && files.every(intact)) continue;
  const work = mkdtempSync(join(tmpdir(), 'libman-'));
  try {
    const unpacked = pack(spec, work);
    for (const { file, target } of files) {
      const source = join(unpacked, file);
      if (!existsSync(source)) fail(`${spec} has no file '${file}' (listed in libman.json).`);
      const hash = sri(readFileSync(source));
      const key = keyOf(target);
      if (!record && hash !== recorded.get(key)) {
        fail(`${spec}: the registry's ${file} has ${hash}, but libman.integrity records ${recorded.get(key)}; nothing was written. ` +
          'If the version in libman.json changed on purpose, check the new file and run this script with --record.', integrityPath);
      }
      written.set(key, hash);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
    console.log(`libman: restored ${spec} (${files.map(f => f.file).join(', ')}) to ${destination}, sha384 checked`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (record) {
  const lines = [...written].sort(([a], [b]) => a.localeCompare(b)).map(([key, hash]) => `${key} ${hash}`);
  writeFileSync(integrityPath, lines.join('\n') + '\n');
  console.log(`libman: recorded ${lines.length} sha384 hash(es) in ${integrityPath}`);
}

function pack(spec, work) {
  let tarball;
  try {
    const out = execFileSync('npm', ['pack', spec, '--loglevel=error', '--pack-destination', work],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    tarball = join(work, out.trim().split('\n').pop().trim());
  } catch (e) {
    if (e.code === 'ENOENT') fail(`npm is not installed (it comes with Node.js); it fetches ${spec} from the npm registry.`);
    const lines = (e.stderr?.toString() || '').split('\n').filter(l => l.trim() && !l.includes('Unknown user config') && !l.includes('A complete log'));
    // npm's own diagnosis ("request to ... failed, reason: ...") is the useful line; otherwise its first error lines.
    const reason = lines.map(l => l.match(/request to \S+ failed, reason: .*/)?.[0]).find(Boolean);
    const detail = reason ?? (lines.filter(l => /^npm (error|ERR!)/.test(l)).slice(0, 3).map(l => l.replace(/^npm (error|ERR!) /, '')).join('; ') || e.message);
    if (lines.some(l => /code (ETARGET|E404)/.test(l))) fail(`the npm registry has no ${spec} (listed in libman.json): ${detail}`);
    fail(`could not reach the npm registry to restore ${spec} listed in libman.json: ${detail}`);
  }
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', work], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    fail(`could not unpack ${spec} from the npm registry: ${e.stderr?.toString() || e.message}`);
  }
  return join(work, 'package');
}
