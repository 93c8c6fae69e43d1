import { expect } from '@open-wc/testing';
import { SoftphoneError } from '../softphone.js';
import {
  buildTarget,
  callVariablesFrom,
  checkDtmf,
  cleanDisplayName,
  cleanNumber,
  cleanText,
  dialHeaders,
  dtmfFromInfo,
  MAX_NAME,
  MAX_NUMBER,
  MAX_VARIABLES,
  sipfragStatus,
} from './sip-text.js';

describe('SIP text from an untrusted peer', () => {
  it('keeps a hostile display name as plain text, without control or bidi-override characters, cut to a sane length', () => {
    expect(cleanDisplayName('"<img src=x onerror=alert(1)>"')).to.equal('<img src=x onerror=alert(1)>');
    expect(cleanDisplayName('Zhang\u0000\u0007 Wei\r\nInjected: yes')).to.equal('Zhang Wei Injected: yes');
    expect(cleanDisplayName('abc\u202Eevil')).to.equal('abc evil');
    const long = cleanDisplayName('张'.repeat(500));
    expect(Array.from(long ?? '')).to.have.length(MAX_NAME);
  });

  it('turns an empty or blank display name into null', () => {
    expect(cleanDisplayName(undefined)).to.equal(null);
    expect(cleanDisplayName('  \u0001 ')).to.equal(null);
  });

  it('cuts by characters, never in the middle of a surrogate pair', () => {
    expect(cleanText('😀😀😀', 2)).to.equal('😀😀');
  });

  it('reads the number from a URI user part: decoded, separators dropped, junk removed, cut', () => {
    expect(cleanNumber('%2B8613800138000')).to.equal('+8613800138000');
    expect(cleanNumber('+86 (138) 0013-8000')).to.equal('+8613800138000');
    expect(cleanNumber('1001<script>')).to.equal('1001script');
    expect(cleanNumber('9'.repeat(400))).to.have.length(MAX_NUMBER);
    expect(cleanNumber('%E0%A4%A')).to.equal('E0A4A');
    expect(cleanNumber(undefined)).to.equal('');
  });

  it('collects X-Call-Var-* headers as variables, cleaned and bounded', () => {
    const headers: Array<[string, string]> = [
      ['X-Call-Var-Order', 'A-1001'],
      ['x-call-var-queue', 'vip\r\nX-Evil: 1'],
      ['X-Call-Var-Order', 'second value ignored'],
      ['X-Call-Var-__proto__', 'nope'],
      ['From', '<sip:1@x>'],
      ['X-Call-Var-Long', 'x'.repeat(1000)],
    ];
    const variables = callVariablesFrom(headers);
    expect(variables['Order']).to.equal('A-1001');
    expect(variables['queue']).to.equal('vip X-Evil: 1');
    expect(variables['Long']).to.have.length(200);
    expect(Object.keys(variables)).to.deep.equal(['Order', 'queue', 'Long']);
    const many = Array.from({ length: 50 }, (_, i) => [`X-Call-Var-v${i}`, String(i)] as [string, string]);
    expect(Object.keys(callVariablesFrom(many))).to.have.length(MAX_VARIABLES);
  });
});

describe('What the agent dials becomes a SIP URI', () => {
  const account = 'sip:1001@127.0.0.1';

  it('calls an extension or an E.164 number at the account domain', () => {
    expect(buildTarget('1002', account)).to.equal('sip:1002@127.0.0.1');
    expect(buildTarget('+86 138-0013-8000', account)).to.equal('sip:+8613800138000@127.0.0.1');
    expect(buildTarget('*97#', 'sip:1001@pbx.example.com:5080;transport=ws')).to.equal('sip:*97%23@pbx.example.com:5080');
  });

  it('uses a sip: URI as it is', () => {
    expect(buildTarget('sip:queue@example.com', account)).to.equal('sip:queue@example.com');
  });

  it('refuses text that is not a number or a SIP address', () => {
    expect(() => buildTarget('call me maybe', account)).to.throw(SoftphoneError, /not a number/);
    expect(() => buildTarget('', account)).to.throw(SoftphoneError);
    expect(() => buildTarget('sip:a b@c', account)).to.throw(SoftphoneError, /not a SIP address/);
  });

  it('sends the caller ID in the configured header and the variables as X-Call-Var-*', () => {
    expect(dialHeaders({ displayNumber: '+861088886666', defaultHeader: 'X-Display-Number' })).to.deep.equal([
      'X-Display-Number: +861088886666',
    ]);
    expect(
      dialHeaders({ displayNumber: '4008001234', displayNumberHeader: 'P-Preferred-Identity', defaultHeader: 'X-Display-Number', variables: { ticket: 'T-1\r\nBad: 1' } }),
    ).to.deep.equal(['P-Preferred-Identity: 4008001234', 'X-Call-Var-ticket: T-1 Bad: 1']);
    expect(dialHeaders({ displayNumber: null, defaultHeader: 'X-Display-Number' })).to.deep.equal([]);
  });

  it('refuses a header name that could break the request', () => {
    expect(() => dialHeaders({ displayNumber: '1', displayNumberHeader: 'X-A: b\r\nC', defaultHeader: 'X-Display-Number' })).to.throw(SoftphoneError);
  });
});

describe('DTMF and transfer progress', () => {
  it('accepts 0-9, *, # and A-D only', () => {
    expect(checkDtmf('123#*ab')).to.equal('123#*AB');
    expect(() => checkDtmf('12x')).to.throw(SoftphoneError);
    expect(() => checkDtmf('')).to.throw(SoftphoneError);
  });

  it('reads the digit of a dtmf-relay INFO and nothing else', () => {
    expect(dtmfFromInfo('application/dtmf-relay', 'Signal=5\r\nDuration=100')).to.equal('5');
    expect(dtmfFromInfo('application/dtmf-relay', 'Signal= #\r\nDuration=100')).to.equal('#');
    expect(dtmfFromInfo('text/plain', 'Signal=5')).to.equal(null);
    expect(dtmfFromInfo('application/dtmf-relay', 'Signal=55')).to.equal(null);
    expect(dtmfFromInfo(undefined, 'Signal=5')).to.equal(null);
  });

  it('reads the status of a REFER NOTIFY sipfrag', () => {
    expect(sipfragStatus('SIP/2.0 200 OK\r\n')).to.equal(200);
    expect(sipfragStatus('SIP/2.0 100 Trying')).to.equal(100);
    expect(sipfragStatus('garbage')).to.equal(null);
  });
});
