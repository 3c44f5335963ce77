import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface SavedView {
  name: string
  /** The route with its query, exactly as it was: opening it reproduces the view. */
  path: string
  savedAt: string
}

const KEY = 'dashboard.savedViews'

function read(): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(parsed)
      ? parsed.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.path === 'string' && v.path.startsWith('/'))
      : []
  } catch {
    return []
  }
}

/** Named views that persist across reloads (localStorage); a name saved again is replaced. */
export const useSavedViewsStore = defineStore('saved-views', () => {
  const views = ref<SavedView[]>(read())

  function persist() {
    try {
      localStorage.setItem(KEY, JSON.stringify(views.value))
    } catch {
      // storage full or disabled: the views last for this page only
    }
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
