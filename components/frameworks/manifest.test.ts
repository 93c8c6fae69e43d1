// custom-elements.json (what IDEs, wrapper generators and storybooks read) against the element list
// (components/elements.ts), the documentation (docs/theming.md, each element's JSDoc) and the element
// classes, from which the React and Vue types (callpop/react, callpop/vue) are derived: a documented
// attribute, property, event, part or custom property missing from any of them fails here.
import { expect } from '@open-wc/testing';
import { callpopElements, callpopTags, type CallpopTag } from '../elements.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import type { CallpopEventName } from './element-types.js';

interface ManifestEvent {
  readonly name?: string;
  readonly description?: string;
  readonly type?: { readonly text: string };
}
interface ManifestElement {
  readonly name: string;
  readonly tagName?: string;
  readonly customElement?: boolean;
  readonly attributes?: readonly { readonly name: string; readonly fieldName?: string }[];
  readonly members?: readonly { readonly kind: string; readonly name: string; readonly privacy?: string; readonly static?: boolean }[];
  readonly events?: readonly ManifestEvent[];
  readonly cssParts?: readonly { readonly name: string }[];
  readonly cssProperties?: readonly { readonly name: string }[];
}
interface Manifest {
  readonly modules: readonly { readonly path: string; readonly declarations?: readonly ManifestElement[] }[];
}

/**
 * Every `callpop-*` event, as the React and Vue types know it (`CallpopEventName`, from
 * `GlobalEventHandlersEventMap`): the compiler fails when this list and the types differ,
 * the test below when it and the manifest differ.
 */
const callpopEvents = [
  'callpop-category-change',
  'callpop-contact-plan-created',
  'callpop-contact-plan-form-close',
  'callpop-docking-fill-summary',
  'callpop-docking-open-ticket',
  'callpop-docking-select',
  'callpop-form-accept-suggestion',
  'callpop-form-input',
  'callpop-hangup-request',
  'callpop-open-customer',
  'callpop-pop',
  'callpop-sms-composer-close',
  'callpop-sms-sent',
  'callpop-ticket-created',
  'callpop-ticket-form-close',
  'callpop-transfer-request',
] as const satisfies readonly CallpopEventName[];
export const everyTypedEventIsListed: [Exclude<CallpopEventName, (typeof callpopEvents)[number]>] extends [never] ? true : false = true;

/** The backticked names of a markdown table cell, leaving out what is in parentheses (part combinations). */
const codeNames = (cell: string): string[] => [...cell.replace(/\([^)]*\)/g, '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!);

/** The element a `--callpop-<tag>-…` property belongs to (the longest tag that fits). */
const ownerOf = (property: string): CallpopTag | undefined =>
  [...callpopTags].sort((a, b) => b.length - a.length).find((tag) => property.startsWith(`--callpop-${tag}-`));

/** `--callpop-sms-composer-padding` / `-preview-bg` → both full names (a suffix follows the element's prefix). */
function expandShorthand(cell: string): string[] {
  const [first, ...suffixes] = codeNames(cell);
  if (!first) return [];
  const tag = ownerOf(first);
  return [first, ...suffixes.map((suffix) => `--callpop-${tag ?? '?'}${suffix}`)];
}

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}`);
  expect(start, `docs/theming.md has a "## ${heading}" section`).to.be.greaterThan(-1);
  const end = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, end === -1 ? undefined : end);
}

const tableRows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '')));

describe('custom-elements.json: the list, the docs and the React/Vue types agree', function () {
  let manifest: Manifest;
  let theming: string;
  const elements = new Map<string, ManifestElement>();

  before(async function () {
    this.timeout(120_000); // the manifest is analyzed on first request
    manifest = (await (await fetch('/__callpop/manifest.json')).json()) as Manifest;
    theming = await (await fetch('/docs/theming.md')).text();
    for (const mod of manifest.modules) for (const decl of mod.declarations ?? []) if (decl.customElement) elements.set(decl.tagName ?? `(untagged ${decl.name})`, decl);
  });

  const element = (tag: string): ManifestElement => {
    const decl = elements.get(tag);
    expect(decl, `<${tag}> in custom-elements.json`).to.not.equal(undefined);
    return decl!;
  };

  it('has exactly the elements of the list, each with the class the list registers', () => {
    expect([...elements.keys()].sort()).to.deep.equal([...callpopTags].sort());
    for (const tag of callpopTags) expect(element(tag).name, `<${tag}>'s class`).to.equal(callpopElements[tag].element.name);
  });

  it('names every event an element fires, and knows every callpop-* event of the React and Vue types', () => {
    const named = new Set<string>();
    for (const tag of callpopTags) {
      for (const event of element(tag).events ?? []) {
        expect(event.name, `an event of <${tag}> (${JSON.stringify(event)})`).to.match(/^callpop-[a-z-]+$/);
        named.add(event.name!);
      }
    }
    expect([...named].sort()).to.deep.equal([...callpopEvents].sort());
  });

  it('gives every element theme and density (docs/theming.md) as attributes and properties, and workbench to those that work with one', () => {
    expect(section(theming, 'Density')).to.contain('density="compact"');
    for (const tag of callpopTags) {
      const decl = element(tag);
      expect(decl.attributes?.map((a) => a.name), `<${tag}>'s attributes`).to.include.members(['theme', 'density']);
      expect(decl.members?.map((m) => m.name), `<${tag}>'s properties`).to.include.members(['theme', 'density']);
      const usesWorkbench = callpopElements[tag].element.prototype instanceof CallpopWorkbenchElement;
      expect(decl.members?.some((m) => m.name === 'workbench'), `<${tag}>.workbench in the manifest`).to.equal(usesWorkbench);
    }
    expect(callpopTags.filter((tag) => !(callpopElements[tag].element.prototype instanceof CallpopWorkbenchElement))).to.deep.equal(['schema-form', 'category-picker']);
  });

  it('has every attribute and public property of the manifest on the element class (what the React and Vue types are made from)', () => {
    for (const tag of callpopTags) {
      const prototype = callpopElements[tag].element.prototype as object;
      const properties = (callpopElements[tag].element as unknown as { elementProperties: Map<PropertyKey, unknown> }).elementProperties;
      for (const attribute of element(tag).attributes ?? []) {
        expect(attribute.fieldName, `<${tag} ${attribute.name}>'s property`).to.be.a('string');
        expect(properties.has(attribute.fieldName!) || attribute.fieldName! in prototype, `<${tag}>.${attribute.fieldName}`).to.equal(true);
      }
    }
  });

  it('lists every documented part (docs/theming.md "Parts") on its element', () => {
    const rows = tableRows(section(theming, 'Parts'));
    expect(rows.length).to.be.greaterThan(5);
    for (const [tagCell = '', parts = ''] of rows) {
      const tag = /`<([a-z-]+)>`/.exec(tagCell)?.[1];
      expect(tag, `a tag in "${tagCell}"`).to.not.equal(undefined);
      const listed = (element(tag!).cssParts ?? []).map((part) => part.name);
      expect(listed, `<${tag}>'s parts`).to.include.members(codeNames(parts));
    }
  });

  it('lists every documented custom property: the design tokens on every element, each element\'s own on it', () => {
    const tokens = tableRows(section(theming, 'Design tokens')).flatMap(([name = '']) => codeNames(name));
    expect(tokens).to.include.members(['--callpop-color-bg', '--callpop-space', '--callpop-control-height']);
    const own = tableRows(section(theming, "Each element's own properties")).flatMap(([name = '']) => expandShorthand(name));
    expect(own).to.include.members(['--callpop-sms-composer-padding', '--callpop-sms-composer-preview-bg']);
    for (const tag of callpopTags) {
      expect((element(tag).cssProperties ?? []).map((p) => p.name), `<${tag}>'s custom properties`).to.include.members(tokens);
    }
    for (const property of own) {
      const tag = ownerOf(property);
      expect(tag, `the element of ${property}`).to.not.equal(undefined);
      expect((element(tag!).cssProperties ?? []).map((p) => p.name), `<${tag}>'s custom properties`).to.include(property);
    }
  });
});
