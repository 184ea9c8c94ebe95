#!/usr/bin/env node
// Restores exactly the files libman.json lists, from the npm registry (npm pack), since LibMan's own
// tool and the CDNs are not reachable here. Skips all work when the stamp matches libman.json and every
// file is present. Errors are printed in MSBuild's canonical format so the build shows them as errors.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const manifestPath = resolve(process.argv[2] ?? 'libman.json');
const root = dirname(manifestPath);

function fail(message) {
  console.error(`${manifestPath} : error LIBMAN001: ${message}`);
  process.exit(1);
}

let manifest;
const text = readFileSync(manifestPath, 'utf8');
try {
  manifest = JSON.parse(text);
} catch (e) {
  fail(`libman.json is not valid JSON: ${e.message}`);
}
const hash = createHash('sha256').update(text).digest('hex');
const libraries = manifest.libraries ?? [];

const targets = libraries.flatMap(lib => (lib.files ?? []).map(file => join(root, lib.destination, file)));
const stamps = [...new Set(libraries.map(lib => join(root, lib.destination, '.libman-stamp')))];
const upToDate = stamps.every(s => existsSync(s) && readFileSync(s, 'utf8').trim() === hash) && targets.every(existsSync);
if (upToDate) process.exit(0);

for (const lib of libraries) {
  const provider = lib.provider ?? manifest.defaultProvider;
  if (provider !== 'unpkg' && provider !== 'jsdelivr') fail(`${lib.library}: provider '${provider}' is not supported (unpkg or jsdelivr, both served from the npm registry).`);
  const at = lib.library.lastIndexOf('@');
  if (at <= 0) fail(`${lib.library}: expected name@version.`);
  const spec = lib.library;
  if (!lib.destination || !Array.isArray(lib.files) || lib.files.length === 0) fail(`${spec}: needs a destination and a files list.`);

  const work = mkdtempSync(join(tmpdir(), 'libman-'));
  try {
    let tarball;
    try {
      const out = execFileSync('npm', ['pack', spec, '--loglevel=error', '--pack-destination', work], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      tarball = join(work, out.trim().split('\n').pop().trim());
    } catch (e) {
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
    const destination = join(root, lib.destination);
    rmSync(destination, { recursive: true, force: true });
    for (const file of lib.files) {
      const source = join(work, 'package', file);
      if (!existsSync(source)) fail(`${spec} has no file '${file}' (listed in libman.json).`);
      const target = join(destination, file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
    writeFileSync(join(destination, '.libman-stamp'), hash + '\n');
    console.log(`libman: restored ${spec} (${lib.files.join(', ')}) to ${lib.destination}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
