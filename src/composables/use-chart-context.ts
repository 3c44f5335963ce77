import { computed } from 'vue'
import { useI18n } from '../i18n'
import { useDbStore } from '../stores/db'
import type { UiLocale } from '../charts/format'

/** What every chart option needs from the app: locale, translator and the 模拟数据 watermark. */
export function useChartContext() {
  const { t, locale } = useI18n()
  const db = useDbStore()
  const uiLocale = computed(() => locale.value as UiLocale)
  const watermark = computed(() => (db.dataset === 'demo' ? t('synthetic.label') : null))
  return { t, locale: uiLocale, watermark }
}
