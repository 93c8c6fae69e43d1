// src/ is headless: no file under it imports components/ (the elements and their consumers sit above it).
// The check reads the source tree on the test server (scripts/layers.mjs, served by web-test-runner).
import { expect } from '@open-wc/testing';

interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

async function check(file: string, text: string): Promise<readonly Violation[]> {
  const response = await fetch('/__callpop/layers', { method: 'POST', body: JSON.stringify({ file, text }) });
  return ((await response.json()) as { violations: Violation[] }).violations;
}

describe('layers: src/ never imports components/', () => {
  it('finds no file under src/ that imports from components/', async () => {
    const response = await fetch('/__callpop/layers');
    const { files, violations } = (await response.json()) as { files: number; violations: Violation[] };
    expect(files, 'files read under src/').to.be.greaterThan(100);
    expect(violations.map((v) => `${v.file}:${v.line} imports ${v.specifier}`)).to.deep.equal([]);
  });

  it('catches every kind of import that reaches components/, and none that stays in src/', async () => {
    const text = [
      "import '../../components/define.js';",
      "import type { CallPop } from '../../components/call-pop/call-pop.js';",
      "export { tagOf } from '../../components/shared/define-element.js';",
      "const lazy = () => import('../../components/phone-bar/index.js');",
      "import { createWorkbench } from '../workbench/workbench.js';",
      "import { html } from 'lit';",
    ].join('\n');
    expect((await check('src/embed/example.ts', text)).map((v) => `${v.line} ${v.specifier}`)).to.deep.equal([
      '1 ../../components/define.js',
      '2 ../../components/call-pop/call-pop.js',
      '3 ../../components/shared/define-element.js',
      '4 ../../components/phone-bar/index.js',
    ]);
  });
});
