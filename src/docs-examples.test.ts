import { expect, waitUntil } from '@open-wc/testing';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { MemoryBackend } from './adapter/memory/index.js';
import { createHandlers } from './adapter/msw/handlers.js';
import { defaultWorkbench, setDefaultWorkbench } from './workbench/default-workbench.js';

// The examples of README.md and docs/testing.md, run as written: their bare `callpop…` imports
// are pointed at the sources the package.json export builds from, nothing else is changed.

/** The first fenced block of `lang` after `heading` in a Markdown text. */
function codeBlock(markdown: string, heading: string, lang: string): string {
  const from = markdown.indexOf(heading);
  if (from < 0) throw new Error(`no "${heading}"`);
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(markdown.slice(from));
  if (!match?.[1]) throw new Error(`no ${lang} block after "${heading}"`);
  return match[1];
}

/** `import … from 'callpop/x'` → the source file package.json's export `./x` is built from. */
async function pointImportsAtSources(code: string): Promise<string> {
  const pkg = (await (await fetch('/package.json')).json()) as { exports: Record<string, string | { default: string }> };
  return code.replace(/(\bfrom\s+|\bimport\s+)'(callpop(?:\/[^']*)?)'/g, (_all, lead: string, specifier: string) => {
    const subpath = specifier === 'callpop' ? '.' : `.${specifier.slice('callpop'.length)}`;
    const target = pkg.exports[subpath];
    const file = typeof target === 'string' ? target : target?.default;
    if (!file) throw new Error(`package.json exports no "${subpath}" (the example imports ${specifier})`);
    const source = file.replace(/^\.\/dist\//, '/').replace(/\.js$/, '.ts');
    return `${lead}'${new URL(source, location.href).href}'`;
  });
}

/** Runs a module script's text as a module of this page; resolves when its top-level awaits are done. */
async function runModule(code: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([await pointImportsAtSources(code)], { type: 'text/javascript' }));
  try {
    await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

const shadowPart = (host: Element | null, part: string): Element | null => host?.shadowRoot?.querySelector(`[part~="${part}"]`) ?? null;
const text = (node: Element | null): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('the docs examples, run as written', () => {
  let worker: SetupWorker;
  const added: Element[] = [];
  before(async () => {
    worker = setupWorker(...createHandlers(new MemoryBackend(), { baseUrl: '/callpop/v1' }));
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  });
  after(() => worker.stop());
  afterEach(() => {
    defaultWorkbench().get()?.dispose();
    setDefaultWorkbench(null);
    for (const el of added.splice(0)) el.remove();
    for (const el of document.body.querySelectorAll('phone-bar, call-pop')) el.remove();
  });

  it('README "Embed it in a CRM page": the phone bar is registered, a simulated call pops and the host hears it, click-to-dial pops', async () => {
    const readme = await (await fetch('/README.md')).text();
    const example = codeBlock(readme, '## Embed it in a CRM page', 'html');
    const script = /<script type="module">([\s\S]*?)<\/script>/.exec(example)?.[1];
    expect(script, 'the example has a module script').to.be.a('string');
    // The page around it: the example's markup, and what it says is the host's.
    const host = document.createElement('div');
    host.innerHTML = example.replace(/<script[\s\S]*<\/script>/, '');
    document.body.append(host);
    added.push(host);
    const shownTabs: string[] = [];
    const page = window as unknown as Record<string, unknown>;
    page.getAccessToken = () => 'host-token';
    page.showCurrentCallTab = (callId: string) => shownTabs.push(callId);
    page.crmDialButton = document.createElement('button');
    page.simulateCallButton = document.createElement('button');

    await runModule(script!);

    const bar = host.querySelector('phone-bar');
    const pop = host.querySelector('call-pop');
    await waitUntil(() => shadowPart(bar, 'registration')?.getAttribute('data-state') === 'registered', 'the phone bar never showed registered');
    await waitUntil(() => shadowPart(bar, 'status')?.getAttribute('data-status') === 'ready', 'the agent never became ready');
    expect(text(shadowPart(bar, 'registration-state'))).to.match(/^(Registered|已注册)/);

    (page.simulateCallButton as HTMLButtonElement).click();
    await waitUntil(() => text(shadowPart(pop, 'number')) === '+86 138 0013 8000', `the pop never showed the number (saw "${text(shadowPart(pop, 'number'))}")`);
    await waitUntil(() => shownTabs.length === 1, 'the host never heard the pop');
    await waitUntil(() => shadowPart(bar, 'answer'), 'the phone bar never showed the ringing call');

    (page.crmDialButton as HTMLButtonElement).click();
    await waitUntil(() => shownTabs.length === 2, 'click-to-dial never popped');
    expect(shownTabs[1]).to.not.equal(shownTabs[0]);
  });

  it('docs/testing.md: the simulated softphone rings, the pop shows the seeded customer, answered', async () => {
    const doc = await (await fetch('/docs/testing.md')).text();
    const example = codeBlock(doc, '# Testing your integration', 'js');
    // The example's `pops` is its own: the test hears the same events from the example's workbench.
    const pops: { callId: string; direction: string; number: string }[] = [];
    const stop = defaultWorkbench().subscribe((workbench) =>
      workbench?.addEventListener('callpop-pop', (e) => void pops.push((e as CustomEvent).detail)),
    );
    try {
      await runModule(example);
    } finally {
      stop();
    }
    const pop = document.body.querySelector('call-pop');
    const bar = document.body.querySelector('phone-bar');
    expect(pops.map(({ direction, number }) => ({ direction, number }))).to.deep.equal([{ direction: 'inbound', number: '+8613800138000' }]);
    await waitUntil(() => text(shadowPart(pop, 'customer-name')) === '张伟', `the pop never showed 张伟 (saw "${text(shadowPart(pop, 'customer-name'))}")`);
    await waitUntil(() => shadowPart(bar, 'hangup'), 'the phone bar never showed the connected call');
    expect(shadowPart(bar, 'call')?.getAttribute('data-state')).to.equal('connected');
  });
});
