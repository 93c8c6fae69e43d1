import { expect } from '@open-wc/testing';
import { createUnloadGuard } from './unload-guard.js';

describe('createUnloadGuard', () => {
  it('asks before unload only while a call is live', () => {
    const target = new EventTarget() as unknown as Window;
    const guard = createUnloadGuard(target);
    /** What the browser does when the agent closes the tab: ask "Leave site?" or just go. */
    const closingTheTab = (): string => {
      const event = new Event('beforeunload', { cancelable: true });
      target.dispatchEvent(event);
      return event.defaultPrevented ? 'asks before leaving' : 'leaves without asking';
    };
    expect(closingTheTab(), 'with no call').to.equal('leaves without asking');
    guard.set(true);
    expect(guard.active, 'guard.active during a call').to.equal(true);
    expect(closingTheTab(), 'during a call').to.equal('asks before leaving');
    guard.set(false);
    expect(closingTheTab(), 'after the call').to.equal('leaves without asking');
    guard.set(true);
    guard.dispose();
    expect(closingTheTab(), 'once the guard is disposed').to.equal('leaves without asking');
  });
});
