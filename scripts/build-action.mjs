#!/usr/bin/env node
// Builds the GitHub Action bundle (action.yml `runs.main`): one ESM file for Node 20 with every
// dependency inside, the WebAssembly files it loads beside it, and the licences of what it bundles.
// Nothing is installed when the Action runs.
//
//   node scripts/build-action.mjs            rebuild action-dist/ (commit the result)
//   node scripts/build-action.mjs --check    exit 1 when action-dist/ differs from a fresh build
//   node scripts/build-action.mjs --out DIR  build into DIR
//
// The bundle is reproducible: the same sources and lock file give the same bytes.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'action-dist');
const ENTRY = 'src/action.ts';

// What the bundle defines before any module runs. `require`, `__filename` and `__dirname` are
// globals (not declarations) so that no bundled module's own top-level names can clash with them:
// bundled CommonJS code (libpg-query) finds its files beside the bundle through them.
const BANNER = `import { createRequire as __actionRequire } from 'node:module';
import { fileURLToPath as __actionPath } from 'node:url';
globalThis.require ??= __actionRequire(import.meta.url);
globalThis.__filename ??= __actionPath(import.meta.url);
globalThis.__dirname ??= __actionPath(new URL('.', import.meta.url));
/** Where a project module would be in the tsc build (dist/...), so its relative paths (agents/) hold. */
const __moduleUrl = (path) => new URL('../' + path, import.meta.url).href;
/** A file the build copied beside the bundle. */
const __bundledAsset = (name) => __actionPath(new URL(name, import.meta.url));`;

/**
 * Project sources keep the paths they have in the tsc build: `import.meta.url` becomes the URL of
 * their dist/ file, and every `require.resolve('<package>/<file>.wasm')` becomes a copy of that
 * file beside the bundle (recorded in `assets`). A new WASM file an engine loads is handled alike.
 */
function projectSources(assets) {
  return {
    name: 'project-sources',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const rel = relative(ROOT, args.path).split(sep).join('/');
        if (rel.startsWith('node_modules/')) return undefined;
        const resolveFrom = createRequire(args.path);
        let contents = readFileSync(args.path, 'utf8').replace(/\brequire\.resolve\((['"])([^'"]+\.wasm)\1\)/g, (_, __, spec) => {
          const file = resolveFrom.resolve(spec);
          const name = basename(file);
          if (assets.has(name) && assets.get(name) !== file) throw new Error(`two WASM files are named ${name}: ${assets.get(name)} and ${file}`);
          assets.set(name, file);
          return `__bundledAsset(${JSON.stringify(name)})`;
        });
        const distPath = rel.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
        contents = contents.replace(/\bimport\.meta\.url\b/g, `__moduleUrl(${JSON.stringify(distPath)})`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** The WebAssembly files bundled packages load beside themselves (found in the bundle's inputs). */
function runtimeWasm(metafile) {
  const files = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    if (!input.startsWith('node_modules/')) continue;
    const dir = join(ROOT, dirname(input));
    for (const entry of readdirSync(dir)) if (entry.endsWith('.wasm')) files.set(entry, join(dir, entry));
  }
  return files;
}

/** The licence text of every package in the bundle, as ncc's licenses.txt. */
function licences(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (match) packages.set(match[2], join(ROOT, match[1]));
  }
  const out = [];
  for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    out.push(`${name}@${pkg.version}\n${typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? 'UNKNOWN')}\n${file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file in the package)'}\n`);
  }
  return out.join('\n');
}

/** Builds the bundle into `outDir` (emptied first); returns the file names written. */
export async function buildAction(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const assets = new Map();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile: join(outDir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
    banner: { js: BANNER },
    plugins: [projectSources(assets)],
  });
  for (const [name, file] of [...runtimeWasm(result.metafile), ...assets]) copyFileSync(file, join(outDir, name));
  writeFileSync(join(outDir, 'licenses.txt'), licences(result.metafile));
  // Plain files whatever the modes in node_modules: the committed tree does not depend on them.
  for (const name of readdirSync(outDir)) chmodSync(join(outDir, name), 0o644);
  return readdirSync(outDir).sort();
}

/** The files that differ between two bundle folders (missing, extra or changed). */
function differences(a, b) {
  const names = new Set([...(existsSync(a) ? readdirSync(a) : []), ...(existsSync(b) ? readdirSync(b) : [])]);
  return [...names].sort().filter((n) => !existsSync(join(a, n)) || !existsSync(join(b, n)) || !readFileSync(join(a, n)).equals(readFileSync(join(b, n))));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--check') {
    const fresh = mkdtempSync(join(tmpdir(), 'backend-agent-action-'));
    try {
      await buildAction(fresh);
      const stale = differences(OUT, fresh);
      if (stale.length) {
        process.stderr.write(`action-dist/ is stale (${stale.join(', ')} differ from a fresh build): run \`npm run build:action\` and commit action-dist/.\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write('action-dist/ matches a fresh build.\n');
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  } else {
    const out = args[0] === '--out' ? args[1] : OUT;
    const files = await buildAction(out);
    process.stdout.write(`${relative(process.cwd(), out) || '.'}: ${files.join(', ')}\n`);
  }
}
