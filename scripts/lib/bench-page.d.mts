/** Types of bench-page.mjs for the TypeScript scripts that run its functions in a page. */
export type PageResult = { ok: true; ms: number; marks: number } | { ok: false; reason: string }
export function pageSettled(options: { quiet: number; timeout: number; needChart: boolean; need?: string[]; needDuckdb?: boolean }): Promise<{ ok: true } | { ok: false; reason: string }>
export function pageInteract(options: { selector: string; value: string; quiet: number; timeout: number }): Promise<PageResult>
