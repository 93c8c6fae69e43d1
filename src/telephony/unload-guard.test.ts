import { expect } from '@open-wc/testing';
import { createUnloadGuard } from './unload-guard.js';

describe('createUnloadGuard', () => {
  it('asks before unload only while a call is live', () => {
    const target = new EventTarget() as unknown as Window;
    const guard = createUnloadGuard(target);
    const fire = (): Event => {
      const event = new Event('beforeunload', { cancelable: true });
      target.dispatchEvent(event);
      return event;
    };
    expect(fire().defaultPrevented).to.equal(false);
    guard.set(true);
    expect(guard.active).to.equal(true);
    expect(fire().defaultPrevented).to.equal(true);
    guard.set(false);
    expect(fire().defaultPrevented).to.equal(false);
    guard.set(true);
    guard.dispose();
    expect(fire().defaultPrevented).to.equal(false);
  });
});
