/**
 * Chinese first, English second. The app needs only this of an i18n library: messages by dotted
 * key, `{name}` placeholders, a reactive locale with Chinese as the fallback. So it is these forty
 * lines rather than vue-i18n (≈ 180 KB on the landing page's critical path, with a message compiler
 * run at start-up). Messages are plain strings and never HTML; placeholders are filled with text.
 */
import { ref, type App } from 'vue'
import zh from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
type Messages = { [key: string]: string | Messages }

const STORAGE_KEY = 'dashboard.locale'
const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zh, en }

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

const locale = ref<Locale>(initialLocale())

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : undefined
}

/**
 * `{name}` is the parameter; `{name|one|other}` is the word for its number, "one" when it is 1, else
 * "other" (English plurals: `{count} {count|region|regions}`). Chinese needs none.
 */
function fill(template: string, params: Record<string, unknown>): string {
  return template
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) => (name in params ? (Number(params[name]) === 1 ? one : other) : whole))
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

function translate(language: Locale, key: string, params?: Record<string, unknown>): string {
  const template = lookup(MESSAGES[language], key) ?? lookup(MESSAGES['zh-CN'], key) ?? key
  return params ? fill(template, params) : template
}

/** The message for `key` in the current language (else Chinese, else the key), placeholders filled. */
export function t(key: string, params?: Record<string, unknown>): string {
  return translate(locale.value, key, params)
}

/** A translator fixed to one language, whatever the page's (for what the build draws ahead of time). */
export function translatorFor(language: Locale): (key: string, params?: Record<string, unknown>) => string {
  return (key, params) => translate(language, key, params)
}

export const i18n = {
  global: { locale, t },
  install(app: App): void {
    app.config.globalProperties.$t = t
  },
}

/** What components use: the translator and the current language (a ref). */
export function useI18n(): { t: typeof t; locale: typeof locale } {
  return { t, locale }
}

export function setLocale(next: Locale): void {
  locale.value = next
  document.documentElement.lang = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
