#!/usr/bin/env node
// What an integrator gets from npm (`npm run check:package`, after `npm run build` and `npm run docs`):
// lists the files `npm pack` would put in the tarball (`npm pack --dry-run --json --ignore-scripts`,
// so it packs what is built now and builds nothing) and fails when
//   - a shipped Markdown file (README.md, docs/**/*.md; not typedoc's copies in dist/) links a relative file that is not in the
//     tarball (`[text](path)`, `![alt](path)`, `src="path"`, `href="path"`), so every link works from
//     node_modules/callpop/;
//   - a shipped source map has no `sourcesContent` for each of its `sources` (the sources are not
//     shipped, so a debugger could show nothing);
//   - the API reference (dist/docs/api/index.html) or the element manifest is not in the tarball.
// Prints the tarball's file count and size on success.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, normalize, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The files `npm pack` would ship, relative to the package root (POSIX separators). */
export function packedFiles(cwd = root) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed (exit ${result.status}):\n${result.stderr}`);
  const [pack] = JSON.parse(result.stdout);
  return { files: pack.files.map((file) => file.path), size: pack.size, unpackedSize: pack.unpackedSize };
}

/** Relative link targets in a Markdown text (fenced code blocks and inline code left out). */
export function relativeLinks(markdown) {
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]);
  for (const match of text.matchAll(/\b(?:src|href)\s*=\s*"([^"]+)"/g)) targets.push(match[1]);
  return targets
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('/'))
    .map((target) => decodeURI(target.replace(/[?#].*$/, '')))
    .filter((target) => target !== '');
}

/** Problems of one source map: sources without their text. */
export function mapProblems(map) {
  const sources = Array.isArray(map.sources) ? map.sources : [];
  const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
  if (sources.length === 0) return [];
  if (contents.length === 0) return ['no sourcesContent'];
  const missing = sources.filter((_, i) => typeof contents[i] !== 'string');
  return missing.length > 0 ? [`no sourcesContent for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`] : [];
}

/** Every problem of the package as packed: broken relative links, maps without sources, missing reference. */
export function packageProblems(files, read) {
  const shipped = new Set(files);
  const dirs = new Set(files.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const problems = [];
  // The written docs; typedoc's copies under dist/docs/api/media are its own (its link validation checks them).
  for (const file of files.filter((f) => f.endsWith('.md') && !f.startsWith('dist/'))) {
    for (const target of relativeLinks(read(file))) {
      const resolved = posix.normalize(posix.join(posix.dirname(file), target)).replace(/\/$/, '');
      if (resolved.startsWith('..')) problems.push(`${file}: links ${target}, outside the package`);
      else if (!shipped.has(resolved) && !dirs.has(resolved)) problems.push(`${file}: links ${target} (${resolved}), which the tarball does not ship`);
    }
  }
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    let map;
    try {
      map = JSON.parse(read(file));
    } catch (error) {
      problems.push(`${file}: not JSON (${error.message})`);
      continue;
    }
    for (const problem of mapProblems(map)) problems.push(`${file}: ${problem}`);
  }
  for (const required of ['dist/docs/api/index.html', 'custom-elements.json', 'README.md']) {
    if (!shipped.has(required)) problems.push(`${required} is not in the tarball${required.startsWith('dist/docs') ? ' (run `npm run docs` first)' : ''}`);
  }
  return problems;
}

if (process.argv[1] && normalize(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, size, unpackedSize } = packedFiles();
  const problems = packageProblems(files, (file) => readFileSync(join(root, file), 'utf8'));
  if (problems.length > 0) {
    console.error(`check-package: ${problems.length} problem(s) in what npm would publish:\n  ${problems.slice(0, 60).join('\n  ')}`);
    if (problems.length > 60) console.error(`  … and ${problems.length - 60} more`);
    process.exit(1);
  }
  const maps = files.filter((f) => f.endsWith('.map')).length;
  const docs = files.filter((f) => f.endsWith('.md') && !f.startsWith('dist/')).length;
  console.log(
    `check-package: ${files.length} files, ${(size / 1024).toFixed(0)} KB packed (${(unpackedSize / 1024).toFixed(0)} KB unpacked); ` +
      `the links of ${docs} Markdown files resolve in the tarball; ${maps} source maps carry their sources.`,
  );
}
