import { expect } from '@open-wc/testing';
import { loadPhoneSupport } from '../phone/index.js';
import { parseDialInput, type DialInput } from './dial-input.js';

describe('parseDialInput: what the agent pasted becomes something a phone can dial', () => {
  before(() => loadPhoneSupport());

  const cases: ReadonlyArray<readonly [string, DialInput]> = [
    ['13800138000', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['+86 138-0013-8000', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['(010) 5800 1234', { ok: true, target: '+861058001234', kind: 'phone', country: 'CN' }],
    ['１３８００１３８０００', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['＋８６ １３８ ００１３ ８０００', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['tel:+1-415-555-0123', { ok: true, target: '+14155550123', kind: 'phone', country: 'US' }],
    ['sip:+8613800138000@pbx.example;user=phone', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['0086 138 0013 8000', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['\u202a+86 138 0013 8000\u202c', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['  138.0013.8000\n', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['[138]—0013—8000', { ok: true, target: '+8613800138000', kind: 'phone', country: 'CN' }],
    ['1002', { ok: true, target: '1002', kind: 'extension', country: null }],
    ['sip:1002@127.0.0.1', { ok: true, target: '1002', kind: 'extension', country: null }],
    ['*97', { ok: true, target: '*97', kind: 'code', country: null }],
    ['#31#', { ok: true, target: '#31#', kind: 'code', country: null }],
    ['', { ok: false, problem: 'empty' }],
    ['   ', { ok: false, problem: 'empty' }],
    ['tel:', { ok: false, problem: 'empty' }],
    ['7', { ok: false, problem: 'too-short' }],
    ['+86', { ok: false, problem: 'too-short' }],
    ['call me maybe', { ok: false, problem: 'invalid-characters' }],
    ['<img src=x onerror=alert(1)>', { ok: false, problem: 'invalid-characters' }],
    ['1-800-FLOWERS', { ok: false, problem: 'invalid-characters' }],
    ['138*0013', { ok: false, problem: 'invalid-characters' }],
    ['1234567890123456789', { ok: false, problem: 'too-long' }],
    ['9'.repeat(300), { ok: false, problem: 'too-long' }],
  ];

  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input.length > 40 ? `${input.slice(0, 20)}…` : input)} as ${expected.ok ? expected.target : expected.problem}`, () => {
      expect(parseDialInput(input, 'CN')).to.deep.equal(expected);
    });
  }

  it('reads a number without country code in the workbench region', () => {
    expect(parseDialInput('(415) 555-0123', 'US')).to.deep.equal({ ok: true, target: '+14155550123', kind: 'phone', country: 'US' });
  });
});
