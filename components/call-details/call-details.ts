import { Task, TaskStatus } from '@lit/task';
import { recordsModule } from '../../src/workbench/records.js';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { messageOf } from '../../src/workbench/context.js';
import type { Workbench } from '../../src/workbench/workbench.js';
import { canShow, offers } from '../shared/backend-needs.js';
import { LazyElementsController } from '../shared/lazy-element.js';
import { ShownCallController } from '../shared/shown-call-controller.js';
import { StoreController } from '../shared/store-controller.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { frameAfterNext } from '../shared/next-frame.js';
import type { TicketTab } from '../ticket-tab/ticket-tab.js';
import { callDetailsMessages, type CallDetailsMessage } from './call-details.messages.js';
import { styles } from './call-details.styles.js';

/** The built-in tabs. */
export type CallDetailsTab = 'records' | 'tickets' | 'call';
const TABS: readonly CallDetailsTab[] = ['records', 'tickets', 'call'];
/** The element each tab shows: a tab whose element the backend cannot serve is left out. */
const TAB_ELEMENT = { records: 'business-records', tickets: 'ticket-tab', call: 'call-record' } as const;

/**
 * The detail area of a call's pop: "Business records", "Tickets" and "Call
 * record" tabs (the ARIA tabs pattern: ←/→, Home/End move between tabs). A
 * tab's content is rendered the first time it is opened, then kept. The first
 * time it shows a call, the content waits for the next frame, so that a
 * pop's number paints before the tabs' work. Under `callpop/define` a tab's
 * element is loaded (its own chunk) the first time it is opened, with a
 * retryable message in the panel when that chunk cannot be loaded.
 *
 * @tagname call-details
 * @summary The detail tabs of a call: business records, tickets, call record.
 *
 * @slot tabs-end - More tabs after the built-in ones (elements with `role="tab"`).
 * @slot panels-end - Their panels.
 *
 * @csspart tablist - The row of tabs.
 * @csspart tab - One tab (also `tab-records`, `tab-tickets`, `tab-call`).
 * @csspart panel - One tab's panel (also `panel-records`, `panel-tickets`, `panel-call`).
 * @csspart records - The `<business-records>`.
 * @csspart tickets - The `<ticket-tab>`.
 * @csspart call-record - The `<call-record>`.
 * @csspart empty - No call.
 * @csspart docking - The admin-configured docking pages (`<docking-pages>`, when defined on the page).
 *
 * @cssprop --callpop-call-details-padding - Padding of a panel.
 */
export class CallDetails extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  /** The call whose details to show; the active call when unset. */
  @property({ attribute: 'call-id' }) callId: string | undefined;

  /** The open tab. */
  @property({ reflect: true }) tab: CallDetailsTab = 'records';

  /** The docking page open instead of a built-in tab ('' for none). */
  @state() private dockingPage = '';

  /** The tabs opened so far (their content stays rendered). */
  @state() private opened: ReadonlySet<CallDetailsTab> = new Set();

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #shown = new ShownCallController(this, this.#wb);
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  /** The tabs' elements, loaded the first time a tab is opened; `<docking-pages>` joins the tabs when the page defines it. */
  readonly #lazy = new LazyElementsController(this, () => this.#i18n.locale);

  /**
   * Whether the panels render their content: not in the frame this element first shows a call
   * in (the pop's number and customer paint first), from the next one on.
   */
  @state() private contentReady = false;
  #waitingForPaint = false;

  /** A call this session has no pop for: its customer comes from the backend's record. */
  readonly #record = new Task(this, {
    task: async ([callId, known, workbench]: readonly [string | null, boolean, Workbench | undefined], { signal }) => {
      if (!callId || known || !workbench || !offers(workbench, 'calls')) return null;
      return workbench.use(recordsModule).getCall(callId, { signal });
    },
    args: () => {
      const call = this.#call;
      return [call, call ? this.#calls.value?.[call] !== undefined : false, this.#wb.value] as const;
    },
  });

  /** Open a tab (and render its content if it is the first time). */
  selectTab(tab: CallDetailsTab): void {
    this.tab = tab;
    this.dockingPage = '';
  }

  /** Open the "Tickets" tab with the create-ticket form (the pop's "Create ticket" button). */
  async createTicket(): Promise<void> {
    this.selectTab('tickets');
    this.contentReady = true;
    await this.updateComplete;
    // Its element may still be loading (the tab's first opening).
    if (!this.#lazy.defined('ticket-tab') && (await this.#lazy.preload('ticket-tab'))) await this.updateComplete;
    const tickets = this.renderRoot.querySelector<TicketTab>('[part~="tickets"]');
    tickets?.openCreateForm();
    await tickets?.updateComplete;
  }

  get #call(): string | null {
    return this.#shown.id;
  }

  /** The tabs the backend offers. */
  get #tabs(): readonly CallDetailsTab[] {
    return TABS.filter((tab) => canShow(this.#wb.value, TAB_ELEMENT[tab]));
  }

  /** The open tab, or the first one offered when the backend does not offer it. */
  get #open(): CallDetailsTab | undefined {
    const tabs = this.#tabs;
    return tabs.includes(this.tab) ? this.tab : tabs[0];
  }

  get #customer(): string | null {
    const call = this.#call;
    const pop = call ? this.#calls.value?.[call] : undefined;
    if (pop) return pop.lookup.customer?.id ?? pop.record?.customerId ?? null;
    return this.#record.value?.customerId ?? null;
  }

  protected override willUpdate(): void {
    const open = this.#open;
    if (open && !this.opened.has(open)) this.opened = new Set([...this.opened, open]);
  }

  protected override updated(): void {
    if (this.contentReady || this.#waitingForPaint || !this.#call) return;
    this.#waitingForPaint = true;
    // After the frame that shows the call has been painted.
    void frameAfterNext().then(() => {
      this.contentReady = true;
    });
  }

  #onKey(event: KeyboardEvent): void {
    const tabs = [
      ...this.renderRoot.querySelectorAll<HTMLElement>('[role="tab"]'),
      ...(this.renderRoot.querySelector<HTMLSlotElement>('slot[name="tabs-end"]')?.assignedElements({ flatten: true }) ?? []).filter(
        (el): el is HTMLElement => el instanceof HTMLElement && el.getAttribute('role') === 'tab',
      ),
    ];
    const current = tabs.findIndex((tab) => tab === event.target || tab.contains(event.target as Node));
    if (current < 0) return;
    let next: number;
    if (event.key === 'ArrowRight') next = (current + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (current - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    const target = tabs[next];
    target?.focus();
    const name = target?.dataset['tab'] as CallDetailsTab | undefined;
    if (name && TABS.includes(name)) this.selectTab(name);
    else target?.click();
  }

  #m = (key: CallDetailsMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(callDetailsMessages, key, params);

  #panel(tab: CallDetailsTab, call: string): TemplateResult | typeof nothing {
    if (!this.opened.has(tab) || !this.contentReady) return nothing;
    const workbench = this.#wb.value;
    const theme = this.theme ?? nothing;
    if (tab === 'records') {
      if (!this.#calls.value?.[call] && this.#record.status !== TaskStatus.COMPLETE) {
        return this.#record.render({
          pending: () => html`<p role="status">${this.#m('loading')}</p>`,
          error: (error) => html`<p role="alert" class="error">
            ${this.#m('failed', { reason: messageOf(error) })}
            <button type="button" @click=${() => void this.#record.run()}>${this.#m('retry')}</button>
          </p>`,
        }) as TemplateResult;
      }
      return this.#lazy.render('business-records', (name) => {
        const tag = unsafeStatic(name);
        return staticHtml`<${tag} part="records" call-id=${call} .customerId=${this.#customer ?? undefined} .workbench=${workbench} theme=${theme}></${tag}>`;
      });
    }
    if (tab === 'tickets') {
      return this.#lazy.render('ticket-tab', (name) => {
        const tag = unsafeStatic(name);
        return staticHtml`<${tag} part="tickets" call-id=${call} .customerId=${this.#customer ?? undefined} .workbench=${workbench} theme=${theme}></${tag}>`;
      });
    }
    return this.#lazy.render('call-record', (name) => {
      const tag = unsafeStatic(name);
      return staticHtml`<${tag} part="call-record" call-id=${call} .workbench=${workbench} theme=${theme}></${tag}>`;
    });
  }

  /**
   * Admin-configured docking pages, as tabs at the top of the detail area. Opening one
   * hides the built-in panel; opening a built-in tab closes it. No page loads until its
   * tab is first opened (`page=""`).
   */
  #renderDocking(call: string): TemplateResult | typeof nothing {
    if (!this.#lazy.tag('docking-pages') || !canShow(this.#wb.value, 'docking-pages')) return nothing;
    // Quiet while its chunk loads (the pages are extra tabs); a failure shows with Retry.
    return this.#lazy.render('docking-pages', (tag) => this.#dockingPages(tag, call), { quiet: true });
  }

  #dockingPages(tag: string, call: string): TemplateResult {
    const name = unsafeStatic(tag);
    return staticHtml`<${name}
      part="docking"
      call-id=${call}
      .workbench=${this.#wb.value}
      .page=${this.dockingPage}
      theme=${this.theme ?? nothing}
      @callpop-docking-select=${(event: CustomEvent<{ pageId: string }> | Event) => {
        this.dockingPage = (event as Event & { detail: { pageId: string } }).detail.pageId;
      }}
    ></${name}>`;
  }

  protected override render(): TemplateResult {
    const call = this.#call;
    if (!call) return html`<p part="empty" class="muted">${this.#m('noCall')}</p>`;
    const tabs = this.#tabs;
    const open = this.#open;
    const docking = this.#renderDocking(call);
    if (tabs.length === 0) return html`${docking}<slot name="panels-end"></slot>`;
    return html`${docking}<div part="tablist" role="tablist" aria-label=${this.#m('tabs')} @keydown=${(e: KeyboardEvent) => this.#onKey(e)}>
        ${tabs.map(
          (tab) => html`<button
            type="button"
            role="tab"
            part=${`tab tab-${tab}`}
            id=${`tab-${tab}`}
            data-tab=${tab}
            aria-selected=${open === tab && !this.dockingPage ? 'true' : 'false'}
            aria-controls=${`panel-${tab}`}
            tabindex=${open === tab ? '0' : '-1'}
            @click=${() => this.selectTab(tab)}
          >
            ${this.#m(tab)}
          </button>`,
        )}
        <slot name="tabs-end"></slot>
      </div>
      ${tabs.map(
        (tab) => html`<div
          part=${`panel panel-${tab}`}
          role="tabpanel"
          id=${`panel-${tab}`}
          aria-labelledby=${`tab-${tab}`}
          tabindex="0"
          ?hidden=${open !== tab || this.dockingPage !== ''}
        >
          ${this.#panel(tab, call)}
        </div>`,
      )}
      <slot name="panels-end"></slot>`;
  }
}
