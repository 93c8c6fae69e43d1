import { expect } from '@open-wc/testing';
import { CallNotifier, type NotificationApi, type NotificationLike } from './notifier.js';

function fakeApi(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  const shown: Array<{ title: string; options: NotificationOptions | undefined; closed: boolean; instance: NotificationLike }> = [];
  let asked = 0;
  const api = class {
    static permission: NotificationPermission = permission;
    static async requestPermission(): Promise<NotificationPermission> {
      asked += 1;
      api.permission = answer;
      return answer;
    }
    onclick: NotificationLike['onclick'] = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options, closed: false, instance: this });
    }
    close(): void {
      const entry = shown.find((s) => s.instance === this);
      if (entry) entry.closed = true;
    }
  };
  return { api: api as unknown as NotificationApi, shown, asked: () => asked };
}

describe('CallNotifier', () => {
  const notice = { callId: 'c1', title: 'Incoming call', body: '张伟 · +86 138 0013 8000 is calling' };

  it('asks for permission once, only when asked to', async () => {
    const fake = fakeApi('default');
    const notifier = new CallNotifier({ api: fake.api, document: { visibilityState: 'hidden' } });
    expect(fake.asked()).to.equal(0);
    expect(await notifier.requestPermission()).to.equal('granted');
    await notifier.requestPermission();
    expect(fake.asked()).to.equal(1);
  });

  it('notifies only while the page is hidden, and a click focuses the window and closes it', () => {
    const fake = fakeApi('granted');
    let focused = 0;
    const page = { visibilityState: 'visible' as DocumentVisibilityState };
    const notifier = new CallNotifier({ api: fake.api, document: page, window: { focus: () => (focused += 1) } });
    expect(notifier.notifyIncoming(notice), 'desktop notification for a call while the page is visible').to.equal(false);
    expect(fake.shown).to.deep.equal([]);
    page.visibilityState = 'hidden';
    expect(notifier.notifyIncoming(notice), 'desktop notification for a call while the page is hidden').to.equal(true);
    expect(fake.shown).to.have.length(1);
    expect(fake.shown[0]!.options?.body).to.equal(notice.body);
    expect(fake.shown[0]!.options?.tag).to.equal('callpop-call-c1');
    fake.shown[0]!.instance.onclick?.call({} as Notification, new Event('click'));
    expect(focused).to.equal(1);
    expect(fake.shown[0]).to.include({ title: 'Incoming call', closed: true });
  });

  it('shows nothing without permission, and closes the notice when the call stops ringing', () => {
    const denied = fakeApi('denied');
    expect(new CallNotifier({ api: denied.api, document: { visibilityState: 'hidden' } }).notifyIncoming(notice), 'desktop notification without permission').to.equal(false);
    expect(denied.shown).to.deep.equal([]);
    const fake = fakeApi('granted');
    const notifier = new CallNotifier({ api: fake.api, document: { visibilityState: 'hidden' } });
    notifier.notifyIncoming(notice);
    notifier.close('c1');
    expect(fake.shown[0]).to.include({ title: 'Incoming call', closed: true });
    expect(new CallNotifier({ api: null }).permission).to.equal('unsupported');
  });
});
