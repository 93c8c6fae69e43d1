// The layers of the house: src/ is the headless core (workbench, adapters, softphones, state); components/
// (the elements, and what consumes them: the iframe app in components/embed/, the React and Vue types in
// components/frameworks/) is built on it. Arrows run from components/ down to src/, never back up:
// no file under src/ (tests included) imports anything under components/.
//
//   node scripts/layers.mjs    lists the imports that run back up; exits 1 when there is one.
// Also served to the browser tests by web-test-runner (see layersPlugin; src/layers.test.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every module specifier in a source text: static imports and re-exports (types too), side-effect imports, `import()`. */
export function specifiers(text) {
  const found = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push({ specifier: match[1], index: match.index });
  return found;
}

/**
 * The imports of `text` (the source of `file`, a path relative to the root) that reach into components/,
 * each with its line number.
 */
export function upwardImports(file, text) {
  const from = dirname(join(root, file));
  const components = join(root, 'components') + sep;
  return specifiers(text)
    .filter(({ specifier }) => specifier.startsWith('.') && (resolve(from, specifier) + sep).startsWith(components))
    .sort((a, b) => a.index - b.index)
    .map(({ specifier, index }) => ({ file, line: text.slice(0, index).split('\n').length, specifier }));
}

/** Checks every .ts/.tsx/.js/.mjs file under src/: the files read and the imports that run back up. */
export function checkLayers() {
  const src = join(root, 'src');
  const files = readdirSync(src, { recursive: true })
    .map((name) => join(src, String(name)))
    .filter((path) => /\.(?:ts|tsx|js|mjs)$/.test(path) && statSync(path).isFile())
    .map((path) => relative(root, path).split(sep).join('/'));
  const violations = files.flatMap((file) => upwardImports(file, readFileSync(join(root, file), 'utf8')));
  return { files: files.length, violations };
}

/** web-test-runner plugin: `GET /__callpop/layers` answers {@link checkLayers}; `POST` with `{ file, text }` checks that text. */
export function layersPlugin() {
  return {
    name: 'callpop-layers',
    async serve(context) {
      if (context.path !== '/__callpop/layers') return undefined;
      if (context.method === 'POST') {
        const chunks = [];
        for await (const chunk of context.req) chunks.push(chunk);
        const { file, text } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        return { body: JSON.stringify({ violations: upwardImports(file, text) }), type: 'application/json' };
      }
      return { body: JSON.stringify(checkLayers()), type: 'application/json' };
    },
  };
}

if (process.argv[1] && existsSync(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, violations } = checkLayers();
  for (const { file, line, specifier } of violations) console.error(`${file}:${line}: imports ${specifier} (components/ is a layer above src/)`);
  console.log(`layers: ${files} files under src/, ${violations.length} imports from components/`);
  process.exit(violations.length > 0 ? 1 : 0);
}
