// Config for @custom-elements-manifest/analyzer (`cem analyze`), used by scripts/build.mjs and `npm run analyze`.
// The manifest (./custom-elements.json) is generated from the component sources.
export default {
  litelement: true,
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.test.ts', 'components/**/*.styles.ts'],
  outdir: '.',
  // package.json already names the manifest ("customElements"); never rewrite package.json.
  packagejson: false,
};
