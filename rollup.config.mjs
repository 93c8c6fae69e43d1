// The drop-in bundle: everything from `callpop` (plus CallPop, CustomerCard) and every element defined, in one ES module,
// built from tsc's output in dist/ (run `npm run build`, not this file alone, so dist/ is fresh).
//
//   dist/callpop.bundle.js    the entry a page loads (`<script type="module" src=…>`)
//   dist/bundle/*.js          lazy chunks (dynamic imports, e.g. libphonenumber's full metadata);
//                             the entry fetches them only when needed, so ship this folder beside it.
//   dist/embed/embed.js       the script of the iframe page (dist/embed/embed.html, copied by scripts/build.mjs),
//   dist/embed/chunks/*.js    with its lazy chunks (sip.js, the number parser…);
//   dist/embed/host.js        the host script (`callpop/embed`) as one small drop-in module.
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
const ENTRY = '\0callpop-bundle-entry';

/** A generated entry module, so no stray file has to be written into dist/. */
function bundleEntry() {
  return {
    name: 'callpop-bundle-entry',
    resolveId: (id) => (id === ENTRY ? ENTRY : null),
    load: (id) =>
      id === ENTRY
        ? `export * from ${JSON.stringify(`${dist}src/index.js`)};\n` +
          // The headless entry has no elements; the bundle keeps exporting the two it always did.
          `export { CallPop } from ${JSON.stringify(`${dist}components/call-pop/call-pop.js`)};\n` +
          `export { CustomerCard } from ${JSON.stringify(`${dist}components/customer-card/customer-card.js`)};\n` +
          `import ${JSON.stringify(`${dist}components/define.js`)};\n`
        : null,
  };
}

const onwarn = (warning, warn) => {
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
  // tsc's inlined decorator helper reads top-level `this` (undefined in ES modules, as intended).
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};
const plugins = () => [
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
  terser({ format: { comments: false } }),
];

const bundle = {
  input: ENTRY,
  // The entry chunk may export extra internal bindings that lazy chunks import back, so the code
  // stays in callpop.bundle.js instead of moving to a shared chunk behind a re-export facade.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: dist,
    format: 'es',
    entryFileNames: 'callpop.bundle.js',
    chunkFileNames: 'bundle/[name]-[hash].js',
    sourcemap: true,
  },
  // Dependencies are bundled; anything that cannot be resolved would break the page, so it fails the build.
  onwarn,
  plugins: [bundleEntry(), ...plugins()],
};

/** The iframe page's script: the whole agent experience, lazy chunks beside it. */
const embedFrame = {
  input: `${dist}components/embed/frame-entry.js`,
  output: {
    dir: `${dist}embed`,
    format: 'es',
    entryFileNames: 'embed.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  onwarn,
  plugins: plugins(),
};

/** The host script: protocol only (no lit, no nanostores), one file. */
const embedHost = {
  input: `${dist}src/embed/host.js`,
  output: { file: `${dist}embed/host.js`, format: 'es', sourcemap: true },
  onwarn,
  plugins: plugins(),
};

export default [bundle, embedFrame, embedHost];
