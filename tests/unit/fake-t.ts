/** A stand-in translator for pure option builders: keys come back visible, punctuation as in zh-CN. */
const PUNCTUATION: Record<string, string> = { 'footnote.open': '（', 'footnote.close': '）', 'footnote.sep': '；', 'footnote.stop': '。' }

export function fakeT(join: (key: string, values: unknown[]) => string) {
  return (key: string, params?: Record<string, unknown>) => (params ? join(key, Object.values(params)) : (PUNCTUATION[key] ?? key))
}
