#!/usr/bin/env node
// Generates the reference documentation (`npm run docs`); nothing it writes is committed:
//   0. check that every entry package.json exports (other than the side-effect `define` entries)
//      is documented: its source is a typedoc entry point, or an entry point re-exports it.
//   1. typedoc --options typedoc.json  → dist/docs/api/ (the public API of every package entry,
//      with the written guides in docs/*.md as documents). Warnings are errors (typedoc.json:
//      treatWarningsAsErrors, validation of links and of referenced-but-unexported types).
//   2. cem analyze (custom-elements-manifest.config.mjs, the same config as the build)
//      → ./custom-elements.json, copied to dist/docs/custom-elements.json.
//   3. check the manifest against the element list (components/elements.ts): every tag of the list
//      is in it, with the class the list names, a summary, its parts, `theme` and `density`, and only
//      named events; no element in it is unknown to the list; every components/*/register.ts
//      defines a tag of the list with the same class.
// Exits non-zero on the first failed step and says which one it was.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const outDir = join(root, 'dist', 'docs');

class StepError extends Error {}

/** Runs a local tool with inherited output; throws when it fails. */
function run(command, args) {
  const result = spawnSync(bin(command), args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new StepError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new StepError(`${command} exited with ${result.status ?? `signal ${result.signal}`}`);
  }
}

/** typedoc.json's entry points, globs (`*` within one path segment) expanded, relative to the root. */
function typedocEntries() {
  const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
  const files = [];
  for (const pattern of config.entryPoints ?? []) {
    let paths = [''];
    for (const segment of pattern.split('/')) {
      if (!segment.includes('*')) {
        paths = paths.map((base) => join(base, segment));
        continue;
      }
      const matcher = new RegExp(`^${segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      paths = paths.flatMap((base) =>
        existsSync(join(root, base)) ? readdirSync(join(root, base)).filter((name) => matcher.test(name)).map((name) => join(base, name)) : [],
      );
    }
    files.push(...paths.filter((path) => existsSync(join(root, path))));
  }
  return files;
}

function checkExportsDocumented() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = typedocEntries();
  const entryTexts = entries.map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
  const missing = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const types = typeof target === 'object' && target !== null ? target.types : undefined;
    if (typeof types !== 'string' || /(^|\/)define\.d\.ts$/.test(types)) continue;
    const source = types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts');
    if (entries.includes(source)) continue;
    // Documented through an entry that re-exports it (`callpop` re-exports the CallPop class).
    const reexported = entryTexts.some(({ file, text }) => {
      let specifier = relative(dirname(file), source).replace(/\.ts$/, '.js');
      if (!specifier.startsWith('.')) specifier = `./${specifier}`;
      return new RegExp(`export\\s[^;]*from\\s+'${specifier.replace(/[.]/g, '\\.')}'`).test(text);
    });
    if (!reexported) missing.push(`${subpath} (${source})`);
  }
  if (missing.length > 0) {
    throw new StepError(
      `package.json exports entries the API reference does not document; add their sources to typedoc.json "entryPoints":\n  ${missing.join('\n  ')}`,
    );
  }
  console.log(`  ${entries.length} entry points: ${entries.join(', ')}`);
}

/** The element list: `'tag': { element: ClassName }` entries of `callpopElements` in components/elements.ts. */
function listedElements() {
  const source = readFileSync(join(root, 'components', 'elements.ts'), 'utf8');
  const list = /export const callpopElements = \{([\s\S]*?)\n\}/.exec(source);
  if (!list) throw new StepError('components/elements.ts: callpopElements not found');
  const tags = new Map();
  for (const match of list[1].matchAll(/'([a-z][a-z0-9-]*)':\s*\{\s*element:\s*([A-Za-z_$][\w$]*)/g)) tags.set(match[1], match[2]);
  if (tags.size === 0) throw new StepError('components/elements.ts: no entry read from callpopElements');
  return tags;
}

/** What each components/<folder>/register.ts defines: `defineElement(prefix, 'tag', Class)`. */
function registeredTags() {
  const tags = new Map();
  const components = join(root, 'components');
  for (const folder of readdirSync(components, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const register = join(components, folder.name, 'register.ts');
    if (!existsSync(register)) continue;
    const source = readFileSync(register, 'utf8');
    for (const match of source.matchAll(/defineElement\(\s*prefix\s*,\s*'([a-z][a-z0-9-]*)'\s*,\s*([A-Za-z_$][\w$]*)/g)) {
      tags.set(match[1], { className: match[2], folder: folder.name });
    }
  }
  return tags;
}

function checkManifest() {
  const manifestPath = join(root, 'custom-elements.json');
  if (!existsSync(manifestPath)) throw new StepError('custom-elements.json was not written');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const elements = (manifest.modules ?? []).flatMap((mod) =>
    (mod.declarations ?? []).filter((decl) => decl.customElement).map((decl) => ({ ...decl, path: mod.path })),
  );
  const byTag = new Map(elements.filter((el) => el.tagName).map((el) => [el.tagName, el]));
  const listed = listedElements();
  const problems = [];

  for (const el of elements) {
    if (!el.tagName) problems.push(`${el.name} (${el.path}) has no tag name: add \`@tagname <tag-name>\` to its JSDoc`);
    else if (!listed.has(el.tagName)) problems.push(`<${el.tagName}> (${el.path}) is not in the element list (components/elements.ts)`);
  }
  for (const [tag, className] of listed) {
    const el = byTag.get(tag);
    if (!el) {
      problems.push(`<${tag}> (components/elements.ts) is missing from the manifest: add \`@tagname ${tag}\` to ${className}'s JSDoc`);
      continue;
    }
    if (el.name !== className) problems.push(`<${tag}> is ${el.name} in the manifest but the element list names ${className}`);
    if (!el.summary && !el.description) problems.push(`<${tag}> has no description: add a \`@summary\` line to ${className}'s JSDoc`);
    if (!el.cssParts?.length) problems.push(`<${tag}> lists no parts: document its \`part\`s with \`@csspart\``);
    for (const attribute of ['theme', 'density']) {
      if (!el.attributes?.some((a) => a.name === attribute)) problems.push(`<${tag}> has no \`${attribute}\` attribute: does ${className} extend CallpopElement?`);
    }
    for (const event of el.events ?? []) {
      if (!event.name) problems.push(`<${tag}> fires an event without a name (${event.type?.text ?? 'no type'}): document it with \`@fires callpop-…\` or give its class a static eventName`);
    }
  }
  for (const [tag, { className, folder }] of registeredTags()) {
    if (listed.get(tag) !== className) problems.push(`components/${folder}/register.ts defines <${tag}> as ${className}, but the element list (components/elements.ts) ${listed.has(tag) ? `names ${listed.get(tag)}` : 'does not have it'}`);
  }
  if (problems.length > 0) throw new StepError(`custom-elements.json:\n  ${problems.join('\n  ')}`);

  mkdirSync(outDir, { recursive: true });
  copyFileSync(manifestPath, join(outDir, 'custom-elements.json'));
  for (const el of [...elements].sort((a, b) => a.tagName.localeCompare(b.tagName))) {
    const count = (list) => list?.length ?? 0;
    console.log(
      `  <${el.tagName}> ${el.name}: ${count(el.attributes)} attributes, ${count(el.events)} events, ` +
        `${count(el.cssParts)} parts, ${count(el.cssProperties)} custom properties, ${count(el.slots)} slots`,
    );
  }
}

const steps = [
  ['check that every package entry is documented', checkExportsDocumented],
  ['typedoc (dist/docs/api)', () => run('typedoc', ['--options', 'typedoc.json'])],
  [
    'cem analyze (custom-elements.json)',
    () => {
      rmSync(join(root, 'custom-elements.json'), { force: true });
      run('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs']);
    },
  ],
  ['check that the manifest lists every element', checkManifest],
];

const started = Date.now();
for (const [index, [name, action]] of steps.entries()) {
  const stepStart = Date.now();
  console.log(`\n[docs] step ${index + 1}/${steps.length}: ${name}`);
  try {
    await action();
  } catch (error) {
    console.error(`\n[docs] FAILED at step ${index + 1}/${steps.length}: ${name}`);
    console.error(`[docs] ${error instanceof StepError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  }
  console.log(`[docs] done: ${name} (${((Date.now() - stepStart) / 1000).toFixed(1)}s)`);
}
console.log(`\n[docs] OK in ${((Date.now() - started) / 1000).toFixed(1)}s: dist/docs/api/index.html, dist/docs/custom-elements.json`);
