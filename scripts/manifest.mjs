// custom-elements.json, made on demand for the browser tests: web-test-runner serves it at
// /__callpop/manifest.json (components/frameworks/manifest.test.ts checks it against the element list,
// the docs and the element classes). Analyzed with the build's config (custom-elements-manifest.config.mjs)
// into a scratch folder under tmp/ (git-ignored), so a test run never rewrites ./custom-elements.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `cem analyze` with the build's config into a scratch folder; resolves with the manifest. */
export function analyze() {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const scratch = mkdtempSync(join(root, 'tmp', 'manifest-'));
  const config = join(scratch, 'cem.config.mjs');
  writeFileSync(
    config,
    `import base from ${JSON.stringify(join(root, 'custom-elements-manifest.config.mjs'))};\n` +
      // cem joins outdir to the working directory.
      `export default { ...base, outdir: ${JSON.stringify(relative(root, scratch))} };\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'cem'), ['analyze', '--config', config], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`cem analyze exited with ${code}: ${errors}`);
        resolve(JSON.parse(readFileSync(join(scratch, 'custom-elements.json'), 'utf8')));
      } catch (error) {
        reject(error);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}

/** web-test-runner plugin: `GET /__callpop/manifest.json` answers the manifest of the sources (made once per run). */
export function manifestPlugin() {
  let manifest;
  return {
    name: 'callpop-manifest',
    async serve(context) {
      if (context.path !== '/__callpop/manifest.json') return undefined;
      manifest ??= analyze();
      return { body: JSON.stringify(await manifest), type: 'application/json' };
    },
  };
}
