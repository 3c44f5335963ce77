import { defineStore } from 'pinia'
import { ref } from 'vue'
import { readList, writeList } from './local-list'
import type { NativeChart } from '../export/native-chart'

export interface DeckSlide {
  id: string
  title: string
  /** The chart as exported (SVG with its title, unit, footnote and any watermark). */
  svg: string
  width: number
  height: number
  keyFigure: string
  /** The chart's unit line (its subtitle), for the slide's footer. */
  unit?: string
  source: string
  date: string
  synthetic: boolean
  /** The chart's data for a native PowerPoint chart; absent for a picture (a map). */
  chart?: NativeChart | null
  /** What makes two slides the same chart: its title and what it shows. */
  key?: string
}

const KEY = 'dashboard.deck'

const isSlide = (s: unknown): s is DeckSlide =>
  typeof (s as DeckSlide)?.svg === 'string' && typeof (s as DeckSlide)?.title === 'string'

/** The briefing deck being collected: one chart per slide, kept across reloads. */
export const useDeckStore = defineStore('deck', () => {
  const slides = ref<DeckSlide[]>(readList(KEY, isSlide))
  const message = ref('')

  function persist() {
    message.value = writeList(KEY, slides.value) ? '' : 'storage-full'
  }

  /**
   * Adds the chart as the last slide, unless the same chart (same key) is there already: then
   * nothing is added and its slide number (1-based) comes back, so the user can be told.
   */
  function add(slide: Omit<DeckSlide, 'id'>): { added: boolean; position: number } {
    const existing = slide.key ? slides.value.findIndex((s) => s.key === slide.key) : -1
    if (existing >= 0) return { added: false, position: existing + 1 }
    slides.value = [...slides.value, { ...slide, id: `${Date.now()}-${slides.value.length}` }]
    persist()
    return { added: true, position: slides.value.length }
  }
  function remove(id: string) {
    slides.value = slides.value.filter((s) => s.id !== id)
    persist()
  }
  function move(id: string, step: -1 | 1) {
    const i = slides.value.findIndex((s) => s.id === id)
    const j = i + step
    if (i < 0 || j < 0 || j >= slides.value.length) return
    const next = [...slides.value]
    ;[next[i], next[j]] = [next[j] as DeckSlide, next[i] as DeckSlide]
    slides.value = next
    persist()
  }
  function clear() {
    slides.value = []
    persist()
  }

  return { slides, message, add, remove, move, clear }
})
