import { defineStore } from 'pinia'
import { ref } from 'vue'

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

function read(): DeckSlide[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(parsed) ? parsed.filter((s): s is DeckSlide => typeof s?.svg === 'string' && typeof s?.title === 'string') : []
  } catch {
    return []
  }
}

/** The briefing deck being collected: one chart per slide, kept across reloads. */
export const useDeckStore = defineStore('deck', () => {
  const slides = ref<DeckSlide[]>(read())
  const message = ref('')

  function persist() {
    try {
      localStorage.setItem(KEY, JSON.stringify(slides.value))
      message.value = ''
    } catch {
      message.value = 'storage-full'
    }
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
