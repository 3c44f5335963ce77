import { defineStore } from 'pinia'
import { ref } from 'vue'
import { readList, writeList } from './local-list'

export interface DeckSlide {
  id: string
  title: string
  /** The chart as exported (SVG with its title, unit, footnote and any watermark). */
  svg: string
  width: number
  height: number
  keyFigure: string
  source: string
  date: string
  synthetic: boolean
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

  function add(slide: Omit<DeckSlide, 'id'>) {
    slides.value = [...slides.value, { ...slide, id: `${Date.now()}-${slides.value.length}` }]
    persist()
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
