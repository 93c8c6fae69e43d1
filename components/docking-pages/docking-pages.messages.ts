import { defineMessages } from '../../src/i18n/locale.js';

export const dockingPagesMessages = defineMessages({
  en: {
    tabs: 'Docking pages',
    loading: 'Loading the docking pages…',
    loadFailed: 'Could not load the docking pages: {reason}',
    retry: 'Retry',
    reload: 'Reload the page',
    openInNewTab: 'Open in a new tab',
    newTabHint: '(opens in a new tab)',
    frameFailed: 'This page did not load or refuses to be shown inside callpop — open it in a new tab.',
    refused: 'This page cannot be shown: {reason}',
    refusedEmpty: 'its URL template is empty.',
    refusedNotAbsolute: 'its URL template must be an absolute URL starting with https:// (not a relative or //host URL).',
    refusedScheme: 'only http and https pages can be docked, not "{scheme}:".',
    refusedVariableHost: 'a variable may not be part of the scheme, host or port; write the host in full and put variables after the first "/", "?" or "#".',
    refusedPathEscape: 'a value tried to leave its place in the path ("." or "..").',
    refusedTooLong: 'the filled URL is too long.',
    adminHint: 'Ask an administrator to fix this page’s settings.',
    unknownVariables: 'The URL template names unknown variables, left empty: {names}',
  },
  'zh-CN': {
    tabs: '对接页面',
    loading: '正在加载对接页面…',
    loadFailed: '无法加载对接页面：{reason}',
    retry: '重试',
    reload: '重新加载页面',
    openInNewTab: '在新标签页中打开',
    newTabHint: '（在新标签页中打开）',
    frameFailed: '此页面未能加载，或拒绝在 callpop 中显示——请在新标签页中打开。',
    refused: '无法显示此页面：{reason}',
    refusedEmpty: 'URL 模板为空。',
    refusedNotAbsolute: 'URL 模板必须是以 https:// 开头的绝对地址（不能是相对地址或 //host 地址）。',
    refusedScheme: '只能对接 http 和 https 页面，不能是“{scheme}:”。',
    refusedVariableHost: '变量不能出现在协议、主机或端口中；请写全主机名，并把变量放在第一个“/”“?”或“#”之后。',
    refusedPathEscape: '某个变量值试图跳出它在路径中的位置（“.”或“..”）。',
    refusedTooLong: '填充后的 URL 过长。',
    adminHint: '请联系管理员修正此页面的配置。',
    unknownVariables: 'URL 模板中有未知变量，已留空：{names}',
  },
});

export type DockingPagesMessage = keyof (typeof dockingPagesMessages)['en'];
