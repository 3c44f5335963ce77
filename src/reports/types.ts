/**
 * The report reader's public shapes. The reader is pure TypeScript: it runs in the page (in a worker)
 * and in Node (the `reports:read` CLI, the tests). Nothing here imports Vue, DuckDB or the DOM.
 *
 * Entry point (src/reports/index.ts):
 *   readReport(input: ReportInput, options?: ReadOptions): Promise<ReportReading>
 *   readReportText(name: string, text: string, options?: ReadOptions): ReportReading   // already-decoded text
 */

/** A file as the page or the CLI hands it over. `name` carries the extension the reader goes by. */
export interface ReportInput {
  name: string
  bytes: Uint8Array
}

export interface ReadOptions {
  /** PDF only: where pdf.js finds its worker and CJK cmaps in the page (self-hosted URLs). Node needs none. */
  pdf?: { workerSrc?: string; cMapUrl?: string; standardFontDataUrl?: string }
}

/** What the file was, as the reader saw it. */
export type SourceKind = 'html' | 'docx' | 'pdf' | 'text'

/** Which table version a report used (sources.csv `format`). */
export type ReportFormat = 'gb-2019' | 'gb-2021' | 'free-text'

/** A whole government's report, or one bureau/department/office's. */
export type ReportScope = 'government' | 'bureau'

/** observations.csv `qualifier`: 约 → approx; 余 / 超过 / 以上 → at_least. */
export type Qualifier = 'exact' | 'approx' | 'at_least'

/** Canonical units, as metrics.csv: counts, percent 0–100, yuan. */
export type FigureUnit = 'count' | 'percent' | 'cny'

/** A flag on one figure. The reader never changes a value to make a rule hold; it says so here. */
export type FigureFlag =
  /** The figure is one of the cells of a balance rule that does not hold (see ReportFlag `balance`). */
  | 'balance'
  /** Read from a table row that carried fewer numbers than columns: its position is a guess. */
  | 'short_row'
  /** The same metric was proposed twice with different values; this is not the first. */
  | 'conflict'
  /** Free text: the number was found near the words but the sentence is not a plain statement of it;
   *  a table row whose label could not be read, placed by its position. */
  | 'uncertain'
  /** Not a cell of its own: the sum of cells the report gives (不予公开 = its eight reasons; the core
   *  litigation_total = both 行政诉讼 groups; 无法提供 in older reports = its three kinds). */
  | 'derived'

/** Where a table cell sat: its row and column labels as the report wrote them. */
export interface CellRef {
  table: '二' | '三' | '四'
  row: string
  col: string
}

export interface Figure {
  /** data-contract metric id (v1 core or v2 table id). */
  metric: string
  /** In canonical units (counts, percent 0–100, yuan: 209.34亿元 → 20934000000). */
  value: number
  unit: FigureUnit
  qualifier: Qualifier
  /** The sentence or table row the figure came from, verbatim from `text`. */
  excerpt: string
  /** Offsets into ReportReading.text: text.slice(start, end) is the number itself (or the cell). */
  start: number
  end: number
  /** For a table cell: its labels. Absent for free text. */
  cell?: CellRef
  flags: FigureFlag[]
}

export type ReportFlag =
  /** A balance rule that does not hold; `metrics` lists every cell in the rule, `detail` the sums. */
  | { kind: 'balance'; rule: string; metrics: string[]; detail: string }
  /** A table row whose label matched no contract id. */
  | { kind: 'unknown_label'; table: '二' | '三' | '四'; label: string; start: number }
  /** Several regions fit the publisher's name; see ReportReading.regionCandidates. */
  | { kind: 'ambiguous_region'; candidates: string[] }
  /** No region could be found. */
  | { kind: 'no_region' }
  /** The year in the title and the year the text reports on disagree. */
  | { kind: 'year_mismatch'; titleYear: number | null; textYear: number | null }
  /** No year could be found. */
  | { kind: 'no_year' }
  /** The file opened, but no figure was found. */
  | { kind: 'nothing_found' }
  /** A PDF without a text layer, an unreadable file. The reading has no text. */
  | { kind: 'unreadable'; detail: string }

export interface RegionCandidate {
  code: string
  name: string
  /** The name as the report wrote it. */
  matched: string
}

export interface ReportReading {
  name: string
  kind: SourceKind
  /** The plain text every offset refers to (tables flattened one row per line, cells joined by ` | `). */
  text: string
  /** The report's title as found (first heading or the line holding 年度报告), or null. */
  title: string | null
  /** 发布机关, e.g. 昆明市人民政府办公室 / 昆明市五华区教育体育局. */
  publisher: string | null
  /** GB/T 2260 code, or null when none or several fit (then regionCandidates has them). */
  regionCode: string | null
  regionName: string | null
  regionCandidates: RegionCandidate[]
  /** The statistical year. */
  year: number | null
  scope: ReportScope
  format: ReportFormat
  figures: Figure[]
  flags: ReportFlag[]
}
