#!/usr/bin/env node
// Builds the package:
//   1. clean dist/
//   2. tsc -p tsconfig.build.json   → dist/src/**, dist/components/** (ESM .js + .d.ts per module)
//   3. rollup -c rollup.config.mjs  → dist/callpop.bundle.js (+ lazy chunks in dist/bundle/),
//                                     dist/embed/embed.js (+ dist/embed/chunks/), dist/embed/host.js
//   3b. the iframe page             → dist/embed/embed.html + embed.css (from embed/, script pointed at ./embed.js)
//   4. cem analyze                  → ./custom-elements.json (config: custom-elements-manifest.config.mjs)
//   5. check that every path package.json exports exists and the manifest declares the elements
// Exits non-zero on the first failed step and says which one it was.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

class StepError extends Error {}

/** Runs a local tool with inherited output; throws when it fails. */
function run(command, args) {
  const result = spawnSync(bin(command), args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new StepError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new StepError(`${command} exited with ${result.status ?? `signal ${result.signal}`}`);
  }
}

/** Every file path (relative to the package root) that package.json `exports` points at. */
function exportTargets(exportsField) {
  const targets = new Set();
  const walk = (value) => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(exportsField);
  return [...targets];
}

function listFiles(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((file) => statSync(file).isFile() && keep(file));
}

const steps = [
  ['clean dist/', () => rmSync(join(root, 'dist'), { recursive: true, force: true })],
  ['tsc -p tsconfig.build.json', () => run('tsc', ['-p', 'tsconfig.build.json'])],
  ['rollup -c rollup.config.mjs (drop-in bundle)', () => run('rollup', ['-c', 'rollup.config.mjs'])],
  [
    'iframe page (dist/embed/embed.html)',
    () => {
      const source = join(root, 'embed', 'embed.html');
      const html = readFileSync(source, 'utf8');
      const devScript = '<script type="module" src="../components/embed/frame-entry.ts"></script>';
      if (!html.includes(devScript)) throw new StepError(`embed/embed.html no longer loads ${devScript}; update scripts/build.mjs`);
      if (!existsSync(join(root, 'dist', 'embed', 'embed.js'))) throw new StepError('rollup did not write dist/embed/embed.js');
      writeFileSync(join(root, 'dist', 'embed', 'embed.html'), html.replace(devScript, '<script type="module" src="./embed.js"></script>'));
      copyFileSync(join(root, 'embed', 'embed.css'), join(root, 'dist', 'embed', 'embed.css'));
      // The host script must stay tiny: no lit, no nanostores, no element code.
      const host = readFileSync(join(root, 'dist', 'embed', 'host.js'), 'utf8');
      if (/\bLitElement\b|customElements\.define|nanostores/.test(host)) {
        throw new StepError('dist/embed/host.js pulled in lit, nanostores or element code; it must import types only');
      }
      if (/\bimport\b[^;]*\bfrom\b|\bimport\(/.test(host)) throw new StepError('dist/embed/host.js must be one self-contained file');
    },
  ],
  [
    'cem analyze (custom-elements.json)',
    () => {
      rmSync(join(root, 'custom-elements.json'), { force: true });
      run('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
    },
  ],
  [
    'check package exports and manifest',
    () => {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      // A pattern export ("./dist/embed/*") needs its folder to hold files.
      const exists = (target) =>
        target.endsWith('/*')
          ? existsSync(join(root, target.slice(0, -2))) && readdirSync(join(root, target.slice(0, -2))).length > 0
          : existsSync(join(root, target));
      const missing = exportTargets(pkg.exports).filter((target) => !exists(target));
      if (missing.length > 0) {
        throw new StepError(`package.json "exports" points at files the build did not make:\n  ${missing.join('\n  ')}`);
      }
      const manifestPath = join(root, 'custom-elements.json');
      if (!existsSync(manifestPath)) throw new StepError('custom-elements.json was not written');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      const elements = (manifest.modules ?? []).flatMap((mod) =>
        (mod.declarations ?? []).filter((decl) => decl.customElement).map((decl) => ({ ...decl, path: mod.path })),
      );
      const sources = listFiles(join(root, 'components'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
      if (sources.length > 0 && elements.length === 0) {
        throw new StepError('custom-elements.json declares no custom element although components/ has sources');
      }
      const untagged = elements.filter((el) => !el.tagName);
      if (untagged.length > 0) {
        throw new StepError(
          'custom-elements.json has elements without a tag name; add `@tagname <tag-name>` to the JSDoc of:\n  ' +
            untagged.map((el) => `${el.name} (${el.path})`).join('\n  '),
        );
      }
      const nameless = elements.flatMap((el) => (el.events ?? []).filter((event) => !event.name).map((event) => `<${el.tagName}> ${event.type?.text ?? '(no type)'}`));
      if (nameless.length > 0) {
        throw new StepError(
          'custom-elements.json has events without a name; document them with `@fires callpop-…` or give the event class a `static readonly eventName`:\n  ' +
            nameless.join('\n  '),
        );
      }
      const tags = elements.map((el) => el.tagName);
      const bundle = listFiles(join(root, 'dist'), (f) => f.endsWith('.js') && /callpop\.bundle\.js$|[/\\]bundle[/\\]|[/\\]dist[/\\]embed[/\\](embed|host)\.js$/.test(f));
      console.log(`  elements in manifest: ${tags.sort().join(', ') || '(none)'}`);
      for (const file of bundle) console.log(`  ${relative(root, file)}  ${statSync(file).size} bytes`);
    },
  ],
];

const started = Date.now();
for (const [index, [name, action]] of steps.entries()) {
  const stepStart = Date.now();
  console.log(`\n[build] step ${index + 1}/${steps.length}: ${name}`);
  try {
    await action();
  } catch (error) {
    console.error(`\n[build] FAILED at step ${index + 1}/${steps.length}: ${name}`);
    console.error(`[build] ${error instanceof StepError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  }
  console.log(`[build] done: ${name} (${((Date.now() - stepStart) / 1000).toFixed(1)}s)`);
}
console.log(`\n[build] OK in ${((Date.now() - started) / 1000).toFixed(1)}s`);
