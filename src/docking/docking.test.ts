import { expect } from '@open-wc/testing';
import type { DockingPage } from '../adapter/types.js';
import { DockingBridge, type IncomingMessage } from './bridge.js';
import { pagesForDirection } from './pages.js';
import { MAX_MESSAGE_BYTES, parsePageMessage, type DockingContext } from './protocol.js';
import { DEFAULT_SANDBOX, resolveSandbox } from './sandbox.js';
import { checkUrlTemplate, fillUrlTemplate, templateVariables, type DockingVariables } from './template.js';

const CALL: DockingVariables = {
  callId: 'call-42',
  phone: '+8613800138000',
  customerId: 'cust-zhang-wei',
  agentId: 'agent-1001',
  direction: 'inbound',
  displayNumber: '+864001234567',
  variables: { orderNo: 'A&B=1#x', campaign: 'spring sale', ivr: '"><script>alert(1)</script>', empty: '' },
};

function filled(template: string, values: Partial<DockingVariables> = {}): string {
  const result = fillUrlTemplate(template, { ...CALL, ...values });
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.url;
}

describe('docking page URL templates', () => {
  describe('filling', () => {
    const cases: ReadonlyArray<readonly [string, string, Partial<DockingVariables>, string]> = [
      ['fills the call id and the E.164 number, + encoded', 'https://crm.example.com/orders?phone={{phone}}&call={{callId}}', {}, 'https://crm.example.com/orders?phone=%2B8613800138000&call=call-42'],
      ['fills a path segment', 'https://crm.example.com/customers/{{customerId}}', {}, 'https://crm.example.com/customers/cust-zhang-wei'],
      ['fills agent, direction and display number', 'https://x.example/?a={{agentId}}&d={{direction}}&n={{displayNumber}}', {}, 'https://x.example/?a=agent-1001&d=inbound&n=%2B864001234567'],
      ['keeps "&" and "=" of a value inside its parameter', 'https://x.example/?q={{phone}}&z=1', { phone: 'a&b=c' }, 'https://x.example/?q=a%26b%3Dc&z=1'],
      ['keeps "#" of a value from starting a fragment', 'https://x.example/?q={{phone}}', { phone: '1#frag' }, 'https://x.example/?q=1%23frag'],
      ['keeps markup and quotes as text', 'https://x.example/?q={{phone}}', { phone: `"><script>alert('x')</script>` }, 'https://x.example/?q=%22%3E%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E'],
      ['encodes spaces, never as "+"', 'https://x.example/?q={{phone}}', { phone: 'a b' }, 'https://x.example/?q=a%20b'],
      ['encodes unicode as UTF-8', 'https://x.example/?name={{phone}}', { phone: '张伟' }, 'https://x.example/?name=%E5%BC%A0%E4%BC%9F'],
      ['keeps "/" and "?" of a path value in its segment', 'https://x.example/c/{{customerId}}/view', { customerId: '../../admin?x=1' }, 'https://x.example/c/..%2F..%2Fadmin%3Fx%3D1/view'],
      ['fills a custom call variable, breaking-out characters encoded', 'https://x.example/?o={{var.orderNo}}', {}, 'https://x.example/?o=A%26B%3D1%23x'],
      ['fills a custom variable with markup', 'https://x.example/?i={{var.ivr}}', {}, 'https://x.example/?i=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E'],
      ['allows spaces inside the braces', 'https://x.example/?c={{ var.campaign }}&p={{ phone }}', {}, 'https://x.example/?c=spring%20sale&p=%2B8613800138000'],
      ['leaves a missing customer empty', 'https://x.example/?c={{customerId}}&p={{phone}}', { customerId: null }, 'https://x.example/?c=&p=%2B8613800138000'],
      ['replaces a lone surrogate instead of failing', 'https://x.example/?q={{phone}}', { phone: 'a\uD800b' }, 'https://x.example/?q=a%EF%BF%BDb'],
      ['fills variables in the fragment', 'https://x.example/app#/call/{{callId}}', {}, 'https://x.example/app#/call/call-42'],
      ['takes a template without variables as it is', 'https://kb.example.com/', {}, 'https://kb.example.com/'],
      ['takes http as well as https, and a port', 'http://127.0.0.1:8080/p?c={{callId}}', {}, 'http://127.0.0.1:8080/p?c=call-42'],
    ];
    for (const [name, template, values, expected] of cases) {
      it(name, () => {
        expect(filled(template, values)).to.equal(expected);
      });
    }

    it('reports missing values and unknown variables, filling them empty', () => {
      const result = fillUrlTemplate('https://x.example/?a={{customerId}}&b={{var.nope}}&c={{var.empty}}&d={{phon}}', { ...CALL, customerId: null });
      expect(result).to.include({ ok: true });
      if (!result.ok) return;
      expect(result.url).to.equal('https://x.example/?a=&b=&c=&d=');
      expect(result.missing).to.deep.equal(['customerId', 'var.nope', 'var.empty']);
      expect(result.unknown).to.deep.equal(['phon']);
    });

    it('gives the origin messages from the page are accepted from', () => {
      const result = fillUrlTemplate('https://crm.example.com:8443/x?c={{callId}}', CALL);
      expect(result.ok && result.origin).to.equal('https://crm.example.com:8443');
    });

    it('lists the variables a template names', () => {
      expect(templateVariables('https://x/?a={{phone}}&b={{ var.x }}&c={{phone}}')).to.deep.equal(['phone', 'var.x']);
    });
  });

  describe('refusing', () => {
    const refused: ReadonlyArray<readonly [string, string, string]> = [
      ['a javascript: URL', 'javascript:alert(document.domain)', 'scheme'],
      ['a javascript: URL with variables', 'javascript:alert("{{phone}}")', 'scheme'],
      ['a javascript: URL in mixed case with a tab', 'Java\tScript:alert(1)', 'scheme'],
      ['a data: URL', 'data:text/html,<script>alert(1)</script>', 'scheme'],
      ['a blob: URL', 'blob:https://crm.example.com/3b1c', 'scheme'],
      ['a file: URL', 'file:///etc/passwd', 'scheme'],
      ['a relative URL', '/orders?phone={{phone}}', 'not-absolute'],
      ['a relative URL without variables', 'orders.html', 'not-absolute'],
      ['a protocol-relative URL', '//evil.example/x?p={{phone}}', 'not-absolute'],
      ['a protocol-relative URL without variables', '//evil.example/x', 'not-absolute'],
      ['a host made of a variable', 'https://{{phone}}.example.com/', 'variable-host'],
      ['a variable right after the host', 'https://crm.example.com{{var.orderNo}}/x', 'variable-host'],
      ['a variable as the port', 'https://crm.example.com:{{var.port}}/x', 'variable-host'],
      ['a variable as user info', 'https://{{phone}}@crm.example.com/', 'variable-host'],
      ['a template that is only a variable', '{{phone}}', 'not-absolute'],
      ['an empty template', '   ', 'empty'],
    ];
    for (const [name, template, reason] of refused) {
      it(`refuses ${name} with an admin-facing reason`, () => {
        const result = fillUrlTemplate(template, CALL);
        expect(result).to.include({ ok: false });
        if (result.ok) return;
        expect(result.reason).to.equal(reason);
        expect(result.message).to.be.a('string').and.not.equal('');
      });
    }

    it('says which scheme was refused', () => {
      const result = fillUrlTemplate('data:text/html,hi', CALL);
      expect(!result.ok && result.scheme).to.equal('data');
      expect(!result.ok && result.message).to.contain('"data:"');
    });

    it('refuses a "." or ".." value that would climb out of its path segment', () => {
      const result = fillUrlTemplate('https://x.example/customers/{{customerId}}', { ...CALL, customerId: '..' });
      expect(!result.ok && result.reason).to.equal('path-escape');
      expect(filled('https://x.example/customers?id={{customerId}}', { customerId: '..' })).to.equal('https://x.example/customers?id=..');
    });

    it('refuses a filled URL that is too long', () => {
      const result = fillUrlTemplate('https://x.example/?q={{phone}}', { ...CALL, phone: 'x'.repeat(9000) });
      expect(!result.ok && result.reason).to.equal('too-long');
    });

    it('checks a template once for every call', () => {
      expect(checkUrlTemplate('https://crm.example.com/?p={{phone}}')).to.equal(null);
      expect(checkUrlTemplate('https://{{phone}}.example.com/')).to.include({ ok: false });
    });
  });
});

describe('docking page sandbox', () => {
  it('defaults to scripts, forms and popups, without allow-same-origin', () => {
    const result = resolveSandbox(null);
    expect(result.value).to.equal(DEFAULT_SANDBOX);
    expect(result.value).not.to.contain('allow-same-origin');
    expect(result).to.include({ sameOrigin: false });
    expect(result.warnings).to.deep.equal([]);
  });

  it('keeps a configured list, deduplicated and in lower case', () => {
    const result = resolveSandbox('allow-scripts  ALLOW-SAME-ORIGIN allow-scripts allow-downloads');
    expect(result).to.include({ value: 'allow-scripts allow-same-origin allow-downloads', sameOrigin: true });
  });

  it('takes an empty configuration as the strictest sandbox', () => {
    expect(resolveSandbox('').value).to.equal('');
  });

  it('drops unknown tokens with a warning', () => {
    const result = resolveSandbox('allow-scripts allow-everything');
    expect(result.value).to.equal('allow-scripts');
    expect(result.warnings).to.have.length(1);
    expect(result.warnings[0]).to.contain('allow-everything');
  });

  it('refuses the tokens that let a page navigate the CRM page', () => {
    const result = resolveSandbox('allow-scripts allow-top-navigation allow-top-navigation-by-user-activation');
    expect(result.value).to.equal('allow-scripts');
    expect(result.warnings).to.have.length(2);
    expect(result.warnings[0]).to.contain('refused');
  });

  it('drops allow-same-origin with scripts for a page from the CRM origin, which could unsandbox itself', () => {
    const same = resolveSandbox('allow-scripts allow-same-origin', { pageOrigin: 'https://crm.example.com', hostOrigin: 'https://crm.example.com' });
    expect(same.value).to.equal('allow-scripts');
    expect(same.warnings[0]).to.contain('allow-same-origin');
    const other = resolveSandbox('allow-scripts allow-same-origin', { pageOrigin: 'https://orders.example.com', hostOrigin: 'https://crm.example.com' });
    expect(other.value).to.equal('allow-scripts allow-same-origin');
  });
});

describe('docking pages for a call', () => {
  const page = (id: string, order: number, directions: DockingPage['directions']): DockingPage => ({
    id,
    name: id,
    urlTemplate: `https://x.example/${id}`,
    order,
    directions,
    height: null,
    sandbox: null,
  });

  it('keeps the pages of the call direction, by order then id', () => {
    const pages = [page('c', 2, ['inbound']), page('a', 1, ['outbound']), page('b', 2, ['inbound', 'outbound']), page('d', 0, ['inbound'])];
    expect(pagesForDirection(pages, 'inbound').map((p) => p.id)).to.deep.equal(['d', 'b', 'c']);
    expect(pagesForDirection(pages, 'outbound').map((p) => p.id)).to.deep.equal(['a', 'b']);
  });
});

describe('docking page messages', () => {
  it('accepts the documented shapes', () => {
    expect(parsePageMessage({ callpop: 1, type: 'hello' })).to.include({ ok: true });
    expect(parsePageMessage({ callpop: 1, type: 'context.request', id: 'r1', payload: {} })).to.include({ ok: true });
    const fill = parsePageMessage({ callpop: 1, type: 'summary.fill', payload: { values: { remark: 'hi', n: 2, ok: true, tags: ['a', 'b'] } } });
    expect(fill.ok && fill.message.type === 'summary.fill' && fill.message.payload.values).to.deep.equal({ remark: 'hi', n: 2, ok: true, tags: ['a', 'b'] });
  });

  const bad: ReadonlyArray<readonly [string, unknown, string]> = [
    ['a string', 'hello', 'malformed'],
    ['another protocol version', { callpop: 2, type: 'hello' }, 'malformed'],
    ['an unknown type', { callpop: 1, type: 'customer.delete', payload: {} }, 'unknown-type'],
    ['an extra top-level key', { callpop: 1, type: 'hello', eval: 'x' }, 'malformed'],
    ['a numeric id', { callpop: 1, type: 'context.request', id: 5 }, 'malformed'],
    ['values that are not an object', { callpop: 1, type: 'summary.fill', payload: { values: ['a'] } }, 'payload'],
    ['a missing payload', { callpop: 1, type: 'ticket.open' }, 'payload'],
    ['a nested object value', { callpop: 1, type: 'summary.fill', payload: { values: { a: { b: 1 } } } }, 'payload'],
    ['a null value', { callpop: 1, type: 'summary.fill', payload: { values: { a: null } } }, 'payload'],
    ['a list with a number', { callpop: 1, type: 'summary.fill', payload: { values: { a: ['x', 1] } } }, 'payload'],
    ['a __proto__ key', JSON.parse('{"callpop":1,"type":"summary.fill","payload":{"values":{"__proto__":"x"}}}'), 'payload'],
    ['a key with markup', { callpop: 1, type: 'summary.fill', payload: { values: { '<b>': 'x' } } }, 'payload'],
    ['an infinite number', { callpop: 1, type: 'summary.fill', payload: { values: { a: Infinity } } }, 'payload'],
    ['a payload on context.request', { callpop: 1, type: 'context.request', payload: { x: 1 } }, 'payload'],
    ['a date (not plain data)', { callpop: 1, type: 'summary.fill', payload: { values: { a: new Date(0) } } }, 'payload'],
    ['an oversized payload', { callpop: 1, type: 'summary.fill', payload: { values: { a: 'x'.repeat(MAX_MESSAGE_BYTES) } } }, 'too-large'],
  ];
  for (const [name, data, reason] of bad) {
    it(`ignores ${name}`, () => {
      const parsed = parsePageMessage(data);
      expect(parsed).to.include({ ok: false, reason });
    });
  }

  describe('the bridge', () => {
    const context: DockingContext = {
      callId: 'call-1',
      direction: 'inbound',
      phone: '+8613800138000',
      displayNumber: null,
      customerId: 'cust-1',
      customerName: '张伟',
      agentId: 'agent-1001',
      state: 'connected',
    };

    function setup() {
      const posted: Array<{ message: unknown; origin: string }> = [];
      const warnings: string[] = [];
      const fills: unknown[] = [];
      const tickets: unknown[] = [];
      const frame = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) };
      const bridge = new DockingBridge({
        context: () => context,
        fillSummary: (pageId, values) => fills.push({ pageId, values }),
        openTicket: (pageId, values) => tickets.push({ pageId, values }),
        warn: (message) => warnings.push(message),
      });
      bridge.register('orders', 'https://orders.example.com', frame);
      const from = (data: unknown, origin = 'https://orders.example.com', source: unknown = frame): IncomingMessage => ({ data, origin, source });
      return { bridge, frame, posted, warnings, fills, tickets, from };
    }

    it('answers a context request to the exact origin, with the request id', () => {
      const { bridge, posted, from } = setup();
      expect(bridge.handle(from({ callpop: 1, type: 'context.request', id: 'q1' })), 'handled: a context request from the docked page').to.equal(true);
      expect(posted).to.deep.equal([{ message: { callpop: 1, type: 'context.response', id: 'q1', payload: context }, origin: 'https://orders.example.com' }]);
    });

    it('ignores another origin, even from the right window, and says so once', () => {
      const { bridge, posted, fills, warnings, from } = setup();
      expect(bridge.handle(from({ callpop: 1, type: 'context.request' }, 'https://evil.example')), 'handled: a request from another origin').to.equal(false);
      bridge.handle(from({ callpop: 1, type: 'summary.fill', payload: { values: { a: 'b' } } }, 'https://evil.example'));
      expect(posted).to.deep.equal([]);
      expect(fills).to.deep.equal([]);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('orders').and.contain('origin').and.contain('https://evil.example');
    });

    it('explains an opaque origin (a page sandboxed without allow-same-origin)', () => {
      const { bridge, warnings, from } = setup();
      bridge.handle(from({ callpop: 1, type: 'hello' }, 'null'));
      expect(warnings[0]).to.contain('allow-same-origin');
    });

    it('ignores the right origin from another window', () => {
      const { bridge, fills, warnings, from } = setup();
      expect(bridge.handle(from({ callpop: 1, type: 'summary.fill', payload: { values: { a: 'b' } } }, 'https://orders.example.com', {})), 'handled: the right origin from another window').to.equal(false);
      expect(fills).to.deep.equal([]);
      expect(warnings).to.have.length(1);
      // Messages that are not meant for callpop at all are not worth a word.
      bridge.handle(from({ type: 'webpackOk' }, 'https://other.example', {}));
      expect(warnings).to.have.length(1);
    });

    it("does not mistake the iframe mode's embed messages from the host page for a docking page's", () => {
      const { bridge, warnings, from } = setup();
      const host = {};
      expect(bridge.handle(from({ callpop: 1, kind: 'request', id: 'r1', method: 'agents.me', args: [] }, 'https://crm.example.com', host))).to.equal(false);
      expect(bridge.handle(from({ callpop: 1, kind: 'event', event: 'ready' }, 'https://crm.example.com', host))).to.equal(false);
      expect(warnings).to.deep.equal([]);
      // A docking-page message from a window that is not one of the pages is still reported.
      bridge.handle(from({ callpop: 1, type: 'hello' }, 'https://crm.example.com', host));
      expect(warnings).to.have.length(1);
    });

    it("does not report a page of another bridge (two <docking-pages> on one CRM page)", () => {
      const { bridge, warnings, from } = setup();
      const otherFrame = { postMessage: () => undefined };
      new DockingBridge({ context: () => null, fillSummary: () => undefined, openTicket: () => undefined }).register('kb', 'https://kb.example.com', otherFrame);
      expect(bridge.handle(from({ callpop: 1, type: 'hello' }, 'https://kb.example.com', otherFrame)), 'handled: a page registered with another bridge').to.equal(false);
      expect(warnings).to.deep.equal([]);
    });

    it('reports each reason once per page', () => {
      const { bridge, warnings, from } = setup();
      for (let i = 0; i < 3; i += 1) {
        bridge.handle(from({ callpop: 1, type: 'nope' }));
        bridge.handle(from({ callpop: 1, type: 'summary.fill', payload: { values: { a: { b: 1 } } } }));
      }
      expect(warnings).to.have.length(2);
    });

    it('forwards fills and ticket requests with validated values', () => {
      const { bridge, fills, tickets, from } = setup();
      bridge.handle(from({ callpop: 1, type: 'summary.fill', payload: { values: { remark: 'x' } } }));
      bridge.handle(from({ callpop: 1, type: 'ticket.open', payload: { values: { title: 't', tags: ['a'] } } }));
      expect(fills).to.deep.equal([{ pageId: 'orders', values: { remark: 'x' } }]);
      expect(tickets).to.deep.equal([{ pageId: 'orders', values: { title: 't', tags: ['a'] } }]);
    });

    it('sends call events to the exact origin of every page, and nothing after unregistering', () => {
      const { bridge, posted } = setup();
      bridge.broadcast({ callId: 'call-1', state: 'ended', previous: 'connected', at: 1 });
      expect(posted).to.deep.equal([
        { message: { callpop: 1, type: 'call.event', payload: { callId: 'call-1', state: 'ended', previous: 'connected', at: 1 } }, origin: 'https://orders.example.com' },
      ]);
      bridge.unregister('orders');
      bridge.broadcast({ callId: 'call-1', state: 'ended', previous: 'connected', at: 2 });
      expect(posted).to.have.length(1);
    });
  });
});
