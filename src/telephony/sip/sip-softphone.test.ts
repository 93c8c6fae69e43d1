import { expect, waitUntil } from '@open-wc/testing';
import type { RegistrationSnapshot, SoftphoneEvent } from '../softphone.js';
import { SoftphoneError } from '../softphone.js';
import { loadSipSoftphone, sharedIdentity } from './index.js';

/** A loopback port nothing listens on: the WebSocket is refused at once. */
const DEAD_SERVER = 'ws://127.0.0.1:9';

function registrations(events: SoftphoneEvent[]): RegistrationSnapshot[] {
  return events.flatMap((e) => (e.type === 'registration' ? [e.registration] : []));
}

describe('SipSoftphone without a SIP server', () => {
  it('loads sip.js on demand and starts unregistered with no calls', async () => {
    const phone = await loadSipSoftphone({ server: DEAD_SERVER, uri: 'sip:1001@127.0.0.1' }, { sharing: 'none' });
    try {
      expect(phone.kind).to.equal('sip');
      expect(phone.registration()).to.deep.equal({ state: 'unregistered', reason: null });
      expect(phone.calls()).to.deep.equal([]);
      expect(phone.config.iceServers).to.deep.equal([]);
    } finally {
      phone.dispose();
    }
  });

  it('shows reconnecting with the attempt and the next try when the server cannot be reached, then stops on unregister', async () => {
    const phone = await loadSipSoftphone({ server: DEAD_SERVER, uri: 'sip:1001@127.0.0.1', reconnect: { baseMs: 200, maxMs: 400 }, requestTimeoutMs: 3000 }, { sharing: 'none' });
    const events: SoftphoneEvent[] = [];
    phone.on((e) => events.push(e));
    try {
      const before = Date.now();
      await phone.register();
      const first = phone.registration();
      expect(first.state).to.equal('reconnecting');
      expect(first.attempt).to.equal(1);
      expect(first.reason).to.contain('Cannot reach ws://127.0.0.1:9');
      expect(first.nextAttemptAt).to.be.within(before + 100, Date.now() + 200);
      // The retry happens on its own, and counts up.
      const deadline = Date.now() + 3000;
      while ((phone.registration().attempt ?? 0) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(phone.registration().attempt).to.equal(2);
      expect(registrations(events).map((r) => r.state)[0]).to.equal('registering');
      await phone.unregister();
      expect(phone.registration()).to.deep.equal({ state: 'unregistered', reason: null });
      const count = registrations(events).length;
      // The last retry it announced (nextAttemptAt) is when a timer left running would fire: wait
      // for that moment (or a retry, whichever comes first), then no registration may have changed.
      const planned = Math.max(...registrations(events).map((r) => r.nextAttemptAt ?? 0));
      await waitUntil(() => registrations(events).length > count || Date.now() > planned + 100, 'the planned retry time never came', { timeout: 5000 });
      expect(registrations(events).slice(count), 'registration changes after unregister').to.deep.equal([]);
    } finally {
      phone.dispose();
    }
  });

  it('refuses calls while not connected, and commands on calls it does not have', async () => {
    const phone = await loadSipSoftphone({ server: DEAD_SERVER, uri: 'sip:1001@127.0.0.1' }, { sharing: 'none' });
    try {
      let error: unknown;
      try {
        await phone.dial('1002');
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(SoftphoneError);
      expect((error as SoftphoneError).code).to.equal('not-registered');
      for (const command of [() => phone.answer('nope'), () => phone.hangup('nope'), () => phone.hold('nope', true)]) {
        let missing: unknown;
        try {
          await command();
        } catch (e) {
          missing = e;
        }
        expect((missing as SoftphoneError).code).to.equal('not-found');
      }
    } finally {
      phone.dispose();
    }
  });

  it('refuses a configuration that cannot work before loading anything', async () => {
    let error: unknown;
    try {
      await loadSipSoftphone({ server: 'https://example.com', uri: 'sip:1001@127.0.0.1' }, { sharing: 'none' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
  });

  it('refuses it in a shared phone too, in the tab that asked', async () => {
    const error = await loadSipSoftphone({ server: 'ws://127.0.0.1:1', uri: 'not a sip uri' }).catch((e: unknown) => e);
    expect(String(error)).to.equal('TypeError: SIP URI "not a sip uri" is not like sip:user@domain.');
  });

  it('gives the shared phone one Contact and instance id per profile and account', async () => {
    const storage = window.sessionStorage;
    const first = sharedIdentity('sip:1001@127.0.0.1', storage);
    expect(first.instanceId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sharedIdentity('SIP:1001@127.0.0.1 ', storage), 'the same account later').to.deep.equal(first);
    expect(sharedIdentity('sip:1002@127.0.0.1', storage).instanceId, 'another account').not.to.equal(first.instanceId);
    storage.clear();
  });
});
