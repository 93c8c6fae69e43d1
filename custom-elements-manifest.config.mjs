// Config for @custom-elements-manifest/analyzer (`cem analyze`), used by scripts/build.mjs and `npm run analyze`.
// The manifest (./custom-elements.json) is generated from the component sources.
//
// Elements are registered through a helper (defineElement(tag, Class)), so the analyzer cannot see
// their tag names: each element class states its tag in its JSDoc with `@tagname call-pop`.
// scripts/build.mjs fails when an element in the manifest has no tag name.
export default {
  litelement: true,
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/*.styles.ts'],
  outdir: '.',
  // package.json already names the manifest ("customElements"); never rewrite package.json.
  packagejson: false,
  plugins: [dropHelperDefinitions()],
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
