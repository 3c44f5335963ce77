import { defineStore } from 'pinia'
import { ref } from 'vue'
import { readList, writeList } from './local-list'

export interface SavedView {
  name: string
  /** The route with its query, exactly as it was: opening it reproduces the view. */
  path: string
  savedAt: string
}

const KEY = 'dashboard.savedViews'

const isView = (v: unknown): v is SavedView =>
  typeof (v as SavedView)?.name === 'string' && typeof (v as SavedView)?.path === 'string' && (v as SavedView).path.startsWith('/')

/** Named views that persist across reloads (localStorage); a name saved again is replaced. */
export const useSavedViewsStore = defineStore('saved-views', () => {
  const views = ref<SavedView[]>(readList(KEY, isView))

  function persist() {
    // if storage is full or disabled, the views last for this page only
    writeList(KEY, views.value)
  }

  function save(name: string, path: string) {
    const clean = name.trim().slice(0, 80)
    if (!clean) return
    views.value = [...views.value.filter((v) => v.name !== clean), { name: clean, path, savedAt: new Date().toISOString() }]
    persist()
  }

  function remove(name: string) {
    views.value = views.value.filter((v) => v.name !== name)
    persist()
  }

  return { views, save, remove }
})
