// React ships CommonJS only, and the dev server and the test runner serve
// ES modules as they are. This @web/dev-server plugin resolves the React entry
// points (`react`, `react/jsx-runtime`, `react-dom/client`…) to ES modules that
// esbuild bundles once, on first request, into one set of chunks, so every
// importer shares a single copy of React. No new dependency: esbuild is the one
// @web/dev-server-esbuild already runs. Served files only: nothing inline, so
// pages stay within a strict Content-Security-Policy.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bare specifier → the file name it is served as, under {@link BASE}. */
const ENTRIES = {
  react: 'react',
  'react/jsx-runtime': 'react-jsx-runtime',
  'react/jsx-dev-runtime': 'react-jsx-dev-runtime',
  'react-dom': 'react-dom',
  'react-dom/client': 'react-dom-client',
};
const BASE = '/__callpop-react-esm/';
const NAMESPACE = 'callpop-react-esm';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The keys of a CommonJS entry's `module.exports`, read in a child process: React
 * run inside the test runner's process would write to its patched console.
 */
function exportNames(specifier) {
  const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  const names = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
  return names.filter((name) => name !== 'default' && IDENTIFIER.test(name));
}

/** An ES module re-exporting a CommonJS entry: its `module.exports` as default, each key as a named export. */
function wrapper(specifier) {
  const names = exportNames(specifier);
  return [
    `import entry from ${JSON.stringify(specifier)};`,
    'export default entry;',
    names.length ? `export const { ${names.join(', ')} } = entry;` : '',
  ].join('\n');
}

async function bundle(production) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRIES).map(([specifier, name]) => ({ in: `${NAMESPACE}:${specifier}`, out: name })),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    outdir: '/out',
    chunkNames: 'chunk-[hash]',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    minify: production,
    logLevel: 'silent',
    plugins: [
      {
        name: NAMESPACE,
        setup(builder) {
          builder.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({
            path: args.path.slice(NAMESPACE.length + 1),
            namespace: NAMESPACE,
          }));
          builder.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
            contents: wrapper(args.path),
            resolveDir: root,
            loader: 'js',
          }));
        },
      },
    ],
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice('/out/'.length), file.text]));
}

/**
 * The plugin. `production: true` bundles React's production build (the
 * default is the development build, with its warnings).
 */
export function reactEsmPlugin({ production = false } = {}) {
  /** @type {Promise<Map<string, string>> | undefined} */
  let files;
  return {
    name: 'callpop-react-esm',
    resolveImport({ source }) {
      const name = Object.hasOwn(ENTRIES, source) ? ENTRIES[source] : undefined;
      return name ? `${BASE}${name}.js` : undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(BASE)) return undefined;
      files ??= bundle(production).catch((error) => {
        files = undefined;
        throw error;
      });
      const body = (await files).get(context.path.slice(BASE.length));
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
