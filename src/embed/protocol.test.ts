import { expect } from '@open-wc/testing';
import {
  createWarner,
  exactOrigin,
  MAX_MESSAGE_BYTES,
  parseFrameMessage,
  parseHostMessage,
  toWireError,
  type IgnoredReason,
} from './protocol.js';

const call = { callId: 'c1', direction: 'inbound', number: '+8613800138000', state: 'ringing', startedAt: 1, answeredAt: null, endedAt: null };

describe('embed protocol: host → frame messages', () => {
  const accepted: Array<[string, unknown]> = [
    ['a first configure with a host adapter and the simulated phone', { callpop: 1, kind: 'configure', id: 'h1', config: { adapter: { kind: 'host' }, simulate: true, locale: 'zh-CN', theme: 'dark' } }],
    ['a configure with a REST adapter, token and SIP account', { callpop: 1, kind: 'configure', id: 'h1', config: { adapter: { kind: 'rest', baseUrl: 'https://crm.example.com/callpop/v1', token: 't0k3n' }, sip: { server: 'wss://sip.example.com', uri: 'sip:1001@example.com', password: 'pw', iceServers: [{ urls: ['stun:stun.example.com'] }], reconnect: { baseMs: 500, maxMs: 5000 } } } }],
    ['a later configure changing the theme only', { callpop: 1, kind: 'configure', id: 'h2', config: { theme: 'auto' } }],
    ['a dial command', { callpop: 1, kind: 'command', id: 'h3', command: 'dial', args: { number: '+86 138 0013 8000' } }],
    ['a break with its reason', { callpop: 1, kind: 'command', id: 'h4', command: 'setStatus', args: { status: 'break', breakReasonId: 'lunch' } }],
    ['an answer without a call id', { callpop: 1, kind: 'command', id: 'h5', command: 'answer', args: {} }],
    ['a compact density', { callpop: 1, kind: 'configure', id: 'h7', config: { density: 'compact' } }],
    ['a simulated inbound call', { callpop: 1, kind: 'command', id: 'h6', command: 'simulate', args: { action: 'inbound', number: '+8613800138000', name: 'Zhang' } }],
    ['a response with a result', { callpop: 1, kind: 'response', id: 'r1', result: [{ id: 'c1' }] }],
    ['a response with null', { callpop: 1, kind: 'response', id: 'r1', result: null }],
    ['a response with an error', { callpop: 1, kind: 'response', id: 'r1', error: { code: 'validation', message: 'Bad name', status: 422, fields: { name: 'Required.' } } }],
    ['a push', { callpop: 1, kind: 'push', id: 's1', event: { type: 'customer.updated', customer: {} } }],
  ];
  for (const [what, data] of accepted) {
    it(`accepts ${what}`, () => {
      const parsed = parseHostMessage(data);
      expect(parsed).to.include({ ok: true });
    });
  }

  const refused: Array<[string, unknown, IgnoredReason]> = [
    ['a string', 'hello', 'malformed'],
    ['another protocol version', { callpop: 2, kind: 'command', id: 'x', command: 'dial', args: { number: '1' } }, 'malformed'],
    ['an unknown kind', { callpop: 1, kind: 'eval', id: 'x' }, 'unknown-type'],
    ['an unknown command', { callpop: 1, kind: 'command', id: 'x', command: 'format', args: {} }, 'unknown-type'],
    ['an extra top-level key', { callpop: 1, kind: 'command', id: 'x', command: 'dial', args: { number: '1' }, extra: 1 }, 'malformed'],
    ['a missing id', { callpop: 1, kind: 'command', command: 'dial', args: { number: '1' } }, 'malformed'],
    ['an overlong id', { callpop: 1, kind: 'command', id: 'x'.repeat(65), command: 'dial', args: { number: '1' } }, 'malformed'],
    ['a dial without a number', { callpop: 1, kind: 'command', id: 'x', command: 'dial', args: {} }, 'payload'],
    ['a dial number that is an object', { callpop: 1, kind: 'command', id: 'x', command: 'dial', args: { number: { toString: 1 } } }, 'payload'],
    ['an unknown agent status', { callpop: 1, kind: 'command', id: 'x', command: 'setStatus', args: { status: 'asleep' } }, 'payload'],
    ['an unknown simulate action', { callpop: 1, kind: 'command', id: 'x', command: 'simulate', args: { action: 'explode' } }, 'payload'],
    ['a configure with an unknown adapter kind', { callpop: 1, kind: 'configure', id: 'x', config: { adapter: { kind: 'graphql' } } }, 'payload'],
    ['a REST adapter on a relative URL', { callpop: 1, kind: 'configure', id: 'x', config: { adapter: { kind: 'rest', baseUrl: '/api' } } }, 'payload'],
    ['a javascript: base URL', { callpop: 1, kind: 'configure', id: 'x', config: { adapter: { kind: 'rest', baseUrl: 'javascript:alert(1)' } } }, 'payload'],
    ['an unknown config key', { callpop: 1, kind: 'configure', id: 'x', config: { plugins: ['x'] } }, 'payload'],
    ['a SIP account without a URI', { callpop: 1, kind: 'configure', id: 'x', config: { sip: { server: 'wss://x' } } }, 'payload'],
    ['a SIP audio element', { callpop: 1, kind: 'configure', id: 'x', config: { sip: { server: 'wss://x', uri: 'sip:1@x', audioElement: {} } } }, 'payload'],
    ['a theme that is not light, dark or auto', { callpop: 1, kind: 'configure', id: 'x', config: { theme: 'neon' } }, 'payload'],
    ['a density that is not comfortable or compact', { callpop: 1, kind: 'configure', id: 'x', config: { density: 'tiny' } }, 'payload'],
    ['a locale with markup', { callpop: 1, kind: 'configure', id: 'x', config: { locale: '<img src=x>' } }, 'payload'],
    ['a response with both result and error', { callpop: 1, kind: 'response', id: 'r', result: 1, error: { code: 'server', message: 'x' } }, 'payload'],
    ['a response with an unknown error code', { callpop: 1, kind: 'response', id: 'r', error: { code: 'teapot', message: 'x' } }, 'payload'],
    ['a push without a type', { callpop: 1, kind: 'push', id: 's', event: {} }, 'payload'],
    ['an oversized message', { callpop: 1, kind: 'response', id: 'r', result: 'x'.repeat(MAX_MESSAGE_BYTES) }, 'too-large'],
    ['an oversized message in multi-byte text', { callpop: 1, kind: 'response', id: 'r', result: '张'.repeat(MAX_MESSAGE_BYTES / 3 + 10) }, 'too-large'],
    ['a class instance', { callpop: 1, kind: 'response', id: 'r', result: null, __proto__: { polluted: true } }, 'malformed'],
  ];
  for (const [what, data, reason] of refused) {
    it(`refuses ${what} (${reason})`, () => {
      const parsed = parseHostMessage(data);
      expect(parsed).to.include({ ok: false, reason });
    });
  }

  // The per-call commands of the phone bar: hold and resume, mute and unmute, transfer, the survey, ACW extension.
  const callCommands: Array<[string, Record<string, unknown>]> = [
    ['hold on the current call', { command: 'hold', args: {} }],
    ['hold on a call', { command: 'hold', args: { callId: 'c1' } }],
    ['resume', { command: 'resume', args: { callId: 'c1' } }],
    ['mute', { command: 'mute', args: {} }],
    ['unmute', { command: 'unmute', args: { callId: 'c1' } }],
    ['a blind transfer of the current call', { command: 'transfer', args: { target: '+86 138 0013 8000' } }],
    ['a blind transfer of a call to an extension', { command: 'transfer', args: { target: '1002', callId: 'c1' } }],
    ['a transfer to the survey', { command: 'transferToSurvey', args: { callId: 'c1' } }],
    ['a transfer of the current call to the survey', { command: 'transferToSurvey', args: {} }],
    ['an ACW extension', { command: 'extendAcw', args: {} }],
  ];
  for (const [what, body] of callCommands) {
    it(`accepts ${what}`, () => {
      expect(parseHostMessage({ callpop: 1, kind: 'command', id: 'h8', ...body })).to.include({ ok: true });
    });
  }

  const badCallCommands: Array<[string, Record<string, unknown>, string]> = [
    ['a hold whose callId is a number', { command: 'hold', args: { callId: 7 } }, 'hold callId must be an id'],
    ['a resume with an empty callId', { command: 'resume', args: { callId: '' } }, 'resume callId must be an id'],
    ['a mute with an overlong callId', { command: 'mute', args: { callId: 'c'.repeat(65) } }, 'mute callId must be an id'],
    ['an unmute with an unknown key', { command: 'unmute', args: { callId: 'c1', on: false } }, 'unmute args: unexpected key "on"'],
    ['a hold with an on flag', { command: 'hold', args: { on: true } }, 'hold args: unexpected key "on"'],
    ['a hold whose args are a list', { command: 'hold', args: ['c1'] }, 'hold args must be an object'],
    ['a transfer without a target', { command: 'transfer', args: { callId: 'c1' } }, 'transfer args: missing "target"'],
    ['a transfer whose target is a number', { command: 'transfer', args: { target: 1002 } }, 'transfer needs a target number of at most 64 characters'],
    ['a transfer to an overlong target', { command: 'transfer', args: { target: '1'.repeat(65) } }, 'transfer needs a target number of at most 64 characters'],
    ['a transfer whose callId is not an id', { command: 'transfer', args: { target: '1002', callId: null } }, 'transfer callId must be an id'],
    ['a transfer with headers', { command: 'transfer', args: { target: '1002', headers: { 'X-A': '1' } } }, 'transfer args: unexpected key "headers"'],
    ['a survey transfer to a target', { command: 'transferToSurvey', args: { target: '9000' } }, 'transferToSurvey args: unexpected key "target"'],
    ['a survey transfer whose callId is an object', { command: 'transferToSurvey', args: { callId: {} } }, 'transferToSurvey callId must be an id'],
    ['an ACW extension by some seconds', { command: 'extendAcw', args: { seconds: 30 } }, 'extendAcw args: unexpected key "seconds"'],
    ['an ACW extension without args', { command: 'extendAcw', args: null }, 'extendAcw args must be an object'],
  ];
  for (const [what, body, detail] of badCallCommands) {
    it(`refuses ${what} (payload: ${detail})`, () => {
      expect(parseHostMessage({ callpop: 1, kind: 'command', id: 'h9', ...body })).to.deep.equal({ ok: false, reason: 'payload', detail });
    });
  }

  it('refuses data that is not plain JSON (a cycle)', () => {
    const data: Record<string, unknown> = { callpop: 1, kind: 'response', id: 'r' };
    data['result'] = data;
    const parsed = parseHostMessage(data);
    expect(parsed.ok ? null : parsed.reason).to.equal('malformed');
  });
});

describe('embed protocol: frame → host messages', () => {
  const accepted: Array<[string, unknown]> = [
    ['ready', { callpop: 1, kind: 'ready', version: 1 }],
    ['a request with options', { callpop: 1, kind: 'request', id: 'r1', method: 'customers.create', args: [{ name: 'A', phones: [] }], options: { idempotencyKey: 'k1' } }],
    ['a request with fewer arguments', { callpop: 1, kind: 'request', id: 'r2', method: 'customers.search', args: ['zhang'] }],
    ['a cancel', { callpop: 1, kind: 'cancel', id: 'r1' }],
    ['a subscribe', { callpop: 1, kind: 'subscribe', id: 's1', types: ['conversation.segment'] }],
    ['a pop event', { callpop: 1, kind: 'event', event: { type: 'pop', call, customer: { id: 'cu1' }, lookup: 'found', error: null } }],
    ['a pop event of a waiting call', { callpop: 1, kind: 'event', event: { type: 'pop', call, customer: null, lookup: 'unknown', error: null, shown: false } }],
    ['a call.shown event', { callpop: 1, kind: 'event', event: { type: 'call.shown', call } }],
    ['a call.state event', { callpop: 1, kind: 'event', event: { type: 'call.state', call, previous: null } }],
    ['an agent.status event', { callpop: 1, kind: 'event', event: { type: 'agent.status', status: 'break', breakReasonId: 'lunch' } }],
    ['a ticket.created event', { callpop: 1, kind: 'event', event: { type: 'ticket.created', callId: 'c1', ticket: { id: 't1' } } }],
    ['an error event', { callpop: 1, kind: 'event', event: { type: 'error', code: 'registration', message: 'refused' } }],
  ];
  for (const [what, data] of accepted) {
    it(`accepts ${what}`, () => {
      const parsed = parseFrameMessage(data);
      expect(parsed).to.include({ ok: true });
    });
  }

  const refused: Array<[string, unknown, IgnoredReason]> = [
    ['another protocol version in ready', { callpop: 1, kind: 'ready', version: 2 }, 'payload'],
    ['a request for a method the contract does not have', { callpop: 1, kind: 'request', id: 'r', method: 'customers.delete', args: [] }, 'unknown-type'],
    ['a request for an inherited property', { callpop: 1, kind: 'request', id: 'r', method: 'toString', args: [] }, 'unknown-type'],
    ['a request with too many arguments', { callpop: 1, kind: 'request', id: 'r', method: 'agents.me', args: [1] }, 'payload'],
    ['a request with a signal-like option', { callpop: 1, kind: 'request', id: 'r', method: 'agents.me', args: [], options: { signal: {} } }, 'payload'],
    ['an unknown event type', { callpop: 1, kind: 'event', event: { type: 'navigate', url: 'https://evil.example' } }, 'unknown-type'],
    ['a pop without its call', { callpop: 1, kind: 'event', event: { type: 'pop', customer: null, lookup: 'unknown', error: null } }, 'payload'],
    ['a pop whose shown is not true or false', { callpop: 1, kind: 'event', event: { type: 'pop', call, customer: null, lookup: 'unknown', error: null, shown: 'yes' } }, 'payload'],
    ['a call.shown without its call', { callpop: 1, kind: 'event', event: { type: 'call.shown' } }, 'payload'],
    ['a call.state with an unknown state', { callpop: 1, kind: 'event', event: { type: 'call.state', call: { ...call, state: 'exploded' }, previous: null } }, 'payload'],
    ['a host-only kind', { callpop: 1, kind: 'configure', id: 'x', config: {} }, 'unknown-type'],
  ];
  for (const [what, data, reason] of refused) {
    it(`refuses ${what} (${reason})`, () => {
      const parsed = parseFrameMessage(data);
      expect(parsed).to.include({ ok: false, reason });
    });
  }
});

describe('embed protocol: helpers', () => {
  it('takes only an exact http(s) origin from the host parameter', () => {
    expect(exactOrigin('https://crm.example.com')).to.equal('https://crm.example.com');
    expect(exactOrigin('http://127.0.0.1:8000')).to.equal('http://127.0.0.1:8000');
    expect(exactOrigin('https://crm.example.com/')).to.equal('https://crm.example.com');
    expect(exactOrigin('https://crm.example.com/app')).to.equal(null);
    expect(exactOrigin('https://crm.example.com?x=1')).to.equal(null);
    expect(exactOrigin('https://user@crm.example.com')).to.equal(null);
    expect(exactOrigin('*')).to.equal(null);
    expect(exactOrigin('null')).to.equal(null);
    expect(exactOrigin('javascript:alert(1)')).to.equal(null);
    expect(exactOrigin(null)).to.equal(null);
  });

  it('turns anything thrown into a wire error with a known code', () => {
    expect(toWireError({ code: 'conflict', message: 'stale', status: 409, fields: { name: 'x' } })).to.deep.equal({ code: 'conflict', message: 'stale', status: 409, fields: { name: 'x' } });
    expect(toWireError(new Error('boom'))).to.deep.equal({ code: 'server', message: 'boom' });
    expect(toWireError('plain')).to.deep.equal({ code: 'server', message: 'plain' });
    expect(toWireError({ code: 'teapot', message: 'x' }).code).to.equal('server');
  });

  it('warns once per origin and reason', () => {
    const original = console.warn;
    const seen: string[] = [];
    console.warn = (text: string) => seen.push(text);
    try {
      const warn = createWarner('frame');
      warn('https://a.example', 'origin', 'x');
      warn('https://a.example', 'origin', 'y');
      warn('https://a.example', 'too-large', 'z');
      warn('https://b.example', 'origin', 'x');
    } finally {
      console.warn = original;
    }
    expect(seen).to.have.length(3);
    expect(seen[0]).to.contain('callpop frame: ignored a message from https://a.example (origin: x)');
  });
});
