import { defineMessages } from '../../src/i18n/locale.js';

export const categoryPickerMessages = defineMessages({
  en: {
    label: 'Category',
    search: 'Search categories',
    searchPlaceholder: 'Search by name or keyword…',
    selected: 'Selected: {path}',
    none: 'No category chosen.',
    clear: 'Clear',
    clearLabel: 'Clear the category',
    noMatch: 'No category matches “{query}”.',
    results: '{count} matching categories',
    empty: 'No categories are configured.',
  },
  'zh-CN': {
    label: '分类',
    search: '搜索分类',
    searchPlaceholder: '按名称或关键词搜索…',
    selected: '已选：{path}',
    none: '未选择分类。',
    clear: '清除',
    clearLabel: '清除分类',
    noMatch: '没有与“{query}”匹配的分类。',
    results: '{count} 个匹配的分类',
    empty: '尚未配置分类。',
  },
});
