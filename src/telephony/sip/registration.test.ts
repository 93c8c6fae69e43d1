import { expect } from '@open-wc/testing';
import { SoftphoneError } from '../softphone.js';
import { resolveSipConfig } from './config.js';
import { backoffDelay, classifyRegisterFailure, nextRegistrationState } from './registration.js';

describe('SIP registration state machine', () => {
  it('allows the moves of the documented diagram', () => {
    expect(nextRegistrationState('unregistered', 'registering')).to.equal('registering');
    expect(nextRegistrationState('registering', 'registered')).to.equal('registered');
    expect(nextRegistrationState('registering', 'failed')).to.equal('failed');
    expect(nextRegistrationState('registered', 'reconnecting')).to.equal('reconnecting');
    expect(nextRegistrationState('reconnecting', 'reconnecting')).to.equal('reconnecting');
    expect(nextRegistrationState('reconnecting', 'registered')).to.equal('registered');
    expect(nextRegistrationState('failed', 'registering')).to.equal('registering');
    expect(nextRegistrationState('reconnecting', 'unregistered')).to.equal('unregistered');
  });

  it('refuses moves the diagram does not have', () => {
    expect(() => nextRegistrationState('unregistered', 'registered')).to.throw(SoftphoneError, /cannot go from unregistered to registered/);
    expect(() => nextRegistrationState('failed', 'reconnecting')).to.throw(SoftphoneError);
    expect(() => nextRegistrationState('unregistered', 'reconnecting')).to.throw(SoftphoneError);
  });
});

describe('SIP reconnect backoff', () => {
  const options = { baseMs: 1000, maxMs: 30_000 };

  it('doubles from 1 s and never waits more than 30 s', () => {
    const top = (attempt: number): number => backoffDelay(attempt, options, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(top)).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('adds jitter: somewhere in the upper half of the step', () => {
    expect(backoffDelay(1, options, () => 0)).to.equal(500);
    expect(backoffDelay(3, options, () => 0.5)).to.equal(3000);
    for (let i = 0; i < 50; i += 1) {
      const delay = backoffDelay(4, options);
      expect(delay).to.be.within(4000, 8000);
    }
  });

  it('treats odd attempts and random values safely', () => {
    expect(backoffDelay(0, options, () => 1)).to.equal(1000);
    expect(backoffDelay(1, options, () => 7)).to.equal(1000);
    expect(backoffDelay(1e9, options, () => 1)).to.equal(30_000);
  });
});

describe('Why a REGISTER failed', () => {
  it('stops on a refused account with a clear reason', () => {
    expect(classifyRegisterFailure(401, 'Unauthorized')).to.deep.equal({ retry: false, reason: 'Wrong user name or password (401 Unauthorized).' });
    expect(classifyRegisterFailure(407)).to.include({ retry: false });
    expect(classifyRegisterFailure(403, 'Forbidden')).to.deep.equal({ retry: false, reason: 'The server refused this account (403 Forbidden).' });
    expect(classifyRegisterFailure(404, 'Not Found')).to.deep.equal({ retry: false, reason: 'Unknown account (404 Not Found).' });
    expect(classifyRegisterFailure(488)).to.include({ retry: false });
  });

  it('retries transport trouble: a timeout or an unavailable server', () => {
    expect(classifyRegisterFailure(408)).to.include({ retry: true });
    expect(classifyRegisterFailure(503, 'Service Unavailable')).to.deep.equal({ retry: true, reason: 'The SIP server is unavailable (503 Service Unavailable).' });
  });

  it('keeps a hostile reason phrase out of the message', () => {
    const { reason } = classifyRegisterFailure(403, '<b>pwned</b>\r\n' + 'x'.repeat(500));
    expect(reason).not.to.contain('<');
    expect(reason.length).to.be.below(120);
  });
});

describe('SIP configuration', () => {
  it('has no public STUN server by default, and fast host-only ICE', () => {
    const config = resolveSipConfig({ server: 'ws://127.0.0.1:8080', uri: 'sip:1001@127.0.0.1' });
    expect(config.iceServers).to.deep.equal([]);
    expect(config.iceGatheringTimeoutMs).to.equal(150);
    expect(config.authorizationUsername).to.equal('1001');
    expect(config.displayNumberHeader).to.equal('X-Display-Number');
    expect(config.reconnect).to.deep.equal({ baseMs: 1000, maxMs: 30_000 });
  });

  it('waits longer for candidates when ICE servers are configured', () => {
    const config = resolveSipConfig({ server: 'wss://sip.example.com', uri: 'sip:a@example.com', iceServers: [{ urls: 'stun:stun.example.com' }] });
    expect(config.iceGatheringTimeoutMs).to.equal(1000);
  });

  it('names the setting that cannot work', () => {
    expect(() => resolveSipConfig({ server: 'http://x', uri: 'sip:1@x' })).to.throw(TypeError, /ws:\/\//);
    expect(() => resolveSipConfig({ server: 'ws://x', uri: '1001' })).to.throw(TypeError, /sip:user@domain/);
    expect(() => resolveSipConfig({ server: 'ws://x', uri: 'sip:1@x', requestTimeoutMs: -1 })).to.throw(TypeError, /requestTimeoutMs/);
    expect(() => resolveSipConfig({ server: 'ws://x', uri: 'sip:1@x', displayNumberHeader: 'Bad Header' })).to.throw(TypeError);
  });
});
