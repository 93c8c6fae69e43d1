// Config for @custom-elements-manifest/analyzer (`cem analyze`), used by scripts/build.mjs and `npm run analyze`.
// The manifest (./custom-elements.json) is generated from the component sources.
//
// Elements are registered through a helper (defineElement(tag, Class)), so the analyzer cannot see
// their tag names: each element class states its tag in its JSDoc with `@tagname call-pop`.
// scripts/build.mjs fails when an element in the manifest has no tag name.
//
// Events: an element documents each event it fires with `@fires callpop-name - …`, and dispatches an
// event class (`new CallpopPopEvent(…)`) whose name is its `static readonly eventName`. The analyzer
// sees the dispatch but not the name; eventNames() gives each such event its name and type, merged
// into the `@fires` entry of the same name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default {
  litelement: true,
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/*.styles.ts'],
  outdir: '.',
  // package.json already names the manifest ("customElements"); never rewrite package.json.
  packagejson: false,
  plugins: [dropHelperDefinitions(), eventNames(), baseClassesAreNotElements()],
};

/**
 * The registration helper's own `customElements.define(tag, element)` reads to the analyzer as the
 * definition of an element called "tag". A custom element name always contains a hyphen, so
 * definitions without one are not elements: drop them.
 */
function dropHelperDefinitions() {
  return {
    name: 'callpop-drop-helper-definitions',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        if (!mod.exports) continue;
        mod.exports = mod.exports.filter(
          (exp) => exp.kind !== 'custom-element-definition' || exp.name.includes('-'),
        );
      }
    },
  };
}

/** Every event class of the sources (src/ and components/): class name → its `static readonly eventName`. */
function eventClasses() {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const names = new Map();
  for (const dir of ['src', 'components']) {
    for (const name of readdirSync(join(root, dir), { recursive: true })) {
      const file = join(root, dir, String(name));
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || !statSync(file).isFile()) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/class\s+(\w+)\s+extends\s+\w*Event\b[^{]*\{\s*static\s+readonly\s+eventName\s*=\s*'([^']+)'/g)) {
        names.set(match[1], match[2]);
      }
    }
  }
  return names;
}

/** Names the events the analyzer found as `dispatchEvent(new SomeEvent(…))`, from the event class. */
function eventNames() {
  return {
    name: 'callpop-event-names',
    packageLinkPhase({ customElementsManifest }) {
      const classes = eventClasses();
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.customElement || !decl.events) continue;
          const events = [];
          for (const event of decl.events) {
            const fromClass = classes.get(event.type?.text);
            if (!fromClass) {
              events.push(event);
              continue;
            }
            const documented = decl.events.find((other) => other !== event && other.name === fromClass);
            if (documented) documented.type ??= { text: event.type.text };
            else events.push({ ...event, name: fromClass });
          }
          // An event class dispatched twice (or documented after) appears once.
          decl.events = events.filter((event, index) => events.findIndex((other) => other.name === event.name) === index);
        }
      }
    },
  };
}

/**
 * `CallpopElement` (components/shared/callpop-element.ts) is the base class of the elements, never an
 * element itself: a class with no tag name that elements extend is listed as a class only (its
 * members and attributes appear, inherited, on each element).
 */
function baseClassesAreNotElements() {
  return {
    name: 'callpop-base-classes',
    packageLinkPhase({ customElementsManifest }) {
      const declarations = (customElementsManifest.modules ?? []).flatMap((mod) => mod.declarations ?? []);
      const extended = new Set(declarations.map((decl) => decl.superclass?.name).filter(Boolean));
      for (const decl of declarations) {
        if (decl.customElement && !decl.tagName && extended.has(decl.name)) delete decl.customElement;
      }
    },
  };
}
