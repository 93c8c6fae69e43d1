// Lints docs/openapi.yaml with Redocly's recommended rules (`npm run lint:openapi`).
// Known, explained exceptions live in .redocly.lint-ignore.yaml. Redocly's telemetry and
// update check are switched off: CI reaches only the npm registry and Debian's mirrors.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const result = spawnSync(process.execPath, [cli, 'lint', 'docs/openapi.yaml', '--format', 'stylish', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: join(dirname(fileURLToPath(import.meta.url)), '..'),
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
process.exit(result.status ?? 1);
