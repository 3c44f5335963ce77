/** Saves a Blob as a file through a temporary object URL (no network involved). */
export function download(data: Blob, fileName: string): void {
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * A file name from a title: safe on every OS, still readable in Chinese. `extension` is `png`,
 * `csv`, … or, for an image at a scale, `@2x.png` (appended as is).
 */
export function fileNameFor(title: string, extension: string): string {
  const base = title.replace(/[\\/:*?"<>|\n\r\t]+/g, ' ').trim().slice(0, 80) || 'chart'
  return extension.startsWith('@') ? `${base}${extension}` : `${base}.${extension}`
}
