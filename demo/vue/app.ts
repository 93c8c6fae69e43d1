/**
 * The Vue 3 example: callpop's elements in a Vue app written with render
 * functions (`h()`), so it runs on Vue's runtime-only build under a strict CSP
 * (no template compiled in the browser). What it shows:
 * - `.workbench` (a DOM property, `.` forces it), `theme` (a property Vue sets
 *   because the element has it), `call-id` / `list-position` (attributes);
 * - `onCallpopPop`: Vue turns it into a listener for `callpop-pop`;
 * - template refs: the element instance, to call its methods and add listeners.
 */
import './vue-flags.js';
import { defineComponent, h, onBeforeUnmount, onMounted, ref, shallowRef, type PropType } from 'vue';
import type {} from '../../components/frameworks/vue.js';
import type { CallPop } from '../../components/call-pop/call-pop.js';
import type { PhoneBar } from '../../components/phone-bar/phone-bar.js';
import type { CallpopHangupRequestEvent } from '../../components/phone-bar/hangup-request-event.js';
import { SEED_IDS } from '../../src/adapter/memory/index.js';
import { formatPhone } from '../../src/phone/index.js';
import type { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import type { CallpopPopEvent, PopDetail } from '../../src/workbench/events.js';
import type { Workbench } from '../../src/workbench/workbench.js';

type Theme = 'light' | 'dark' | undefined;

const CALLERS = [
  { label: '张伟 (VIP)', number: SEED_IDS.zhangWeiPhone },
  { label: 'Emily Carter', number: SEED_IDS.emilyCarterPhone },
  { label: 'Unknown caller', number: SEED_IDS.unknownPhone },
] as const;

export const CallpopVueDemo = defineComponent({
  name: 'CallpopVueDemo',
  props: {
    workbench: { type: Object as PropType<Workbench>, required: true },
    /** The simulated phone, for the "ring" buttons; none on a real phone. */
    softphone: { type: Object as PropType<SimulatedSoftphone | null>, default: null },
    /** The page language (the elements follow the document's `lang`). */
    initialLang: { type: String as PropType<'en' | 'zh-CN'>, default: 'en' },
  },
  setup(props) {
    const theme = ref<Theme>(undefined);
    const lang = ref(props.initialLang);
    const showMyCalls = ref(true);
    const confirmHangup = ref(false);
    const call = shallowRef<PopDetail | null>(null);
    const pops = ref(0);
    const log = ref<string[]>([]);
    // Template refs: Vue fills them with the element instances.
    const popEl = ref<CallPop | null>(null);
    const barEl = ref<PhoneBar | null>(null);

    const onPop = (event: CallpopPopEvent): void => {
      call.value = event.detail;
      pops.value += 1;
      log.value = [`callpop-pop: ${event.detail.direction} ${formatPhone(event.detail.number)}`, ...log.value].slice(0, 20);
      // A ref gives the element itself: call its (DOM) methods.
      popEl.value?.scrollIntoView({ block: 'nearest' });
    };

    // The other way to listen: a ref and addEventListener (here for a cancelable event).
    const onHangupRequest = (event: CallpopHangupRequestEvent): void => {
      log.value = [`callpop-hangup-request: ${event.detail.callId}`, ...log.value].slice(0, 20);
      if (confirmHangup.value && !window.confirm('Hang up this call?')) event.preventDefault();
    };
    onMounted(() => barEl.value?.addEventListener('callpop-hangup-request', onHangupRequest));
    onBeforeUnmount(() => barEl.value?.removeEventListener('callpop-hangup-request', onHangupRequest));

    const setLang = (value: string): void => {
      lang.value = value === 'zh-CN' ? 'zh-CN' : 'en';
      document.documentElement.lang = lang.value;
    };

    return () =>
      h('div', { class: 'framework-demo' }, [
        h('header', { class: 'crm-header' }, [
          h('strong', 'callpop in Vue 3'),
          h('nav', { 'aria-label': 'Examples' }, [
            h('a', { href: '../index.html' }, 'CRM demo'),
            h('a', { href: '../react/index.html' }, 'React example'),
          ]),
          h('label', [
            'Theme ',
            h(
              'select',
              {
                id: 'theme',
                value: theme.value ?? '',
                onChange: (event: Event) => {
                  const value = (event.target as HTMLSelectElement).value;
                  theme.value = value === 'light' || value === 'dark' ? value : undefined;
                },
              },
              [h('option', { value: '' }, 'System'), h('option', { value: 'light' }, 'Light'), h('option', { value: 'dark' }, 'Dark')],
            ),
          ]),
          h('label', [
            'Language ',
            h('select', { id: 'lang', value: lang.value, onChange: (event: Event) => setLang((event.target as HTMLSelectElement).value) }, [
              h('option', { value: 'en' }, 'English'),
              h('option', { value: 'zh-CN' }, '中文'),
            ]),
          ]),
        ]),
        h('main', { class: 'crm-main' }, [
          h('aside', { class: 'softphone', 'aria-label': 'Phone' }, [
            // `.workbench`: always a DOM property, even before the element is defined.
            h('phone-bar', { ref: barEl, '.workbench': props.workbench, theme: theme.value }),
            props.softphone
              ? h('section', { 'aria-labelledby': 'ring-title' }, [
                  h('h2', { id: 'ring-title' }, 'Simulated phone'),
                  h(
                    'div',
                    { class: 'row' },
                    CALLERS.map((caller) =>
                      h('button', { type: 'button', onClick: () => props.softphone?.simulateInbound(caller.number) }, `Ring: ${caller.label}`),
                    ),
                  ),
                ])
              : null,
            h('label', { class: 'hint check' }, [
              h('input', {
                type: 'checkbox',
                checked: confirmHangup.value,
                onChange: (event: Event) => (confirmHangup.value = (event.target as HTMLInputElement).checked),
              }),
              ' Ask before hanging up (cancels callpop-hangup-request)',
            ]),
            h('label', { class: 'hint check' }, [
              h('input', {
                type: 'checkbox',
                checked: showMyCalls.value,
                onChange: (event: Event) => (showMyCalls.value = (event.target as HTMLInputElement).checked),
              }),
              ' Show "My calls"',
            ]),
            h('h2', 'Events Vue heard'),
            h('ol', { id: 'event-log', class: 'event-log', 'aria-live': 'polite' }, log.value.map((line) => h('li', line))),
          ]),
          h('section', { class: 'current-call', 'aria-labelledby': 'vue-call-title' }, [
            h('h2', { id: 'vue-call-title' }, 'Current call (Vue state)'),
            call.value
              ? h('dl', { id: 'vue-call' }, [
                  h('dt', 'Number'),
                  h('dd', { id: 'caller-number' }, call.value.number),
                  h('dt', 'Direction'),
                  h('dd', { id: 'caller-direction' }, call.value.direction),
                  h('dt', 'Pops so far'),
                  h('dd', { id: 'pop-count' }, String(pops.value)),
                ])
              : h('p', { id: 'no-call', class: 'hint' }, 'No call yet: ring one from the simulated phone.'),
            ...(call.value
              ? [
                  h('h3', '<customer-card call-id="…">'),
                  h('customer-card', { '.workbench': props.workbench, theme: theme.value, 'call-id': call.value.callId }),
                ]
              : []),
            h('h3', '<call-pop>'),
            h('call-pop', {
              ref: popEl,
              '.workbench': props.workbench,
              theme: theme.value,
              'list-position': showMyCalls.value ? 'start' : 'none',
              onCallpopPop: onPop,
            }),
          ]),
        ]),
      ]);
  },
});
