/**
 * Headline figures in prose (reports before 2019, and the 总体情况 part of later ones). Every number
 * with a unit (件 条 项 个 宗 元 万元 亿元 %) is looked at with the words before it in its clause and
 * sentence; the first rule whose words fit names its metric. A rule decides from words near the
 * number, so a sentence that lists several figures gives each its own. Stated zeros ("未收到行政复议
 * 申请") are figures with value 0 and the sentence as their excerpt.
 */
import type { Figure, FigureUnit, Qualifier } from './types'
import { scaleDecimal } from './tokens'

interface Rule {
  metric: string | ((ctx: Ctx) => string | null)
  unit: FigureUnit
  /** Counting words the number must carry (件 for cases, 条 for items published …); any when absent. */
  words?: RegExp
  /** Must match the clause (text since the last comma, colon or sentence end). */
  clause?: RegExp
  /** Must match the sentence up to the number. */
  lead?: RegExp
  /** Must match what follows the number in its clause. */
  trail?: RegExp
  /** Must not match the clause. */
  not?: RegExp
  /** Must not match the sentence up to the number. */
  notLead?: RegExp
}

interface Ctx {
  /** The 150 characters before the number, across sentence ends (their subject is often a sentence back). */
  near: string
  lead: string
  clause: string
  trail: string
  sentence: string
}

const D = 'disclosure.'

/** The last category word before the number: 工程建设 / 政府采购 / 土地. */
function tradingCategory(lead: string): 'eng' | 'proc' | 'land' | null {
  let best: { cat: 'eng' | 'proc' | 'land'; at: number } | null = null
  for (const [cat, re] of [['eng', /工程建设|工程招投标|建设工程/g], ['proc', /政府采购/g], ['land', /土地|国有建设用地|矿业权/g]] as const) {
    for (const m of lead.matchAll(re)) if (!best || m.index > best.at) best = { cat, at: m.index }
  }
  return best?.cat ?? null
}

const RULES: Rule[] = [
  // ---- percentages: the rate's own name stands just before the number
  { metric: 'online.items_online_pct', unit: 'percent', clause: /网上可办/ },
  { metric: 'online.cases_online_pct', unit: 'percent', clause: /网上申报率|网上办件率|网上办理率|网办率|网上办件占比|网上办理占比/ },
  { metric: 'online.one_trip_pct', unit: 'percent', clause: /最多跑一次|一次就办好|只跑一次|一次办结/ },
  { metric: (c) => (/投资/.test(c.lead) || /投资[^。]*$/.test(c.near.slice(-60)) ? 'ontime.invest_on_time_pct' : 'ontime.on_time_pct'), unit: 'percent', clause: /(?:按时|按期|提前)办结率/ },
  { metric: 'ontime.completion_pct', unit: 'percent', clause: /办结率$|办结率[^，,]{0,4}$/ },
  { metric: 'trading.savings_pct', unit: 'percent', clause: /节约率|节资率/ },
  { metric: 'trading.premium_pct', unit: 'percent', clause: /增益率|增值率|溢价率/ },

  // ---- 行政复议 / 行政诉讼
  { metric: (c) => (lastOf(c.near, /复议/g) > lastOf(c.near, /诉讼/g) ? D + 'review_corrected' : null), unit: 'count', words: /件|起|宗/, clause: /纠错|纠正/ },
  { metric: (c) => (lastOf(c.near, /诉讼/g) > lastOf(c.near, /复议/g) ? D + 'litigation_corrected' : null), unit: 'count', words: /件|起|宗/, clause: /纠错|纠正|败诉/ },
  { metric: D + 'review_total', unit: 'count', words: /件|起|宗|次/, clause: /行政复议/, not: /行政诉讼|纠|维持|撤销/ },
  { metric: D + 'litigation_total', unit: 'count', words: /件|起|宗|次/, clause: /行政诉讼/, not: /行政复议|纠|维持|撤销|败诉/ },

  // ---- 依申请公开 (older wording)
  { metric: D + 'req_already_public', unit: 'count', words: /件|条/, clause: /已主动公开/ },
  { metric: D + 'req_partial', unit: 'count', words: /件|条/, clause: /部分公开/ },
  { metric: D + 'req_denied', unit: 'count', words: /件|条/, clause: /不予公开|不公开/ },
  { metric: D + 'req_granted', unit: 'count', words: /件|条/, clause: /同意公开|予以公开|全部公开/ },
  { metric: 'disclosure.old.not_exist', unit: 'count', words: /件|条/, clause: /信息不存在/ },
  { metric: 'disclosure.old.not_ours', unit: 'count', words: /件|条/, clause: /非本机关|不属于本机关/ },
  { metric: 'disclosure.old.unclear', unit: 'count', words: /件|条/, clause: /内容不明确/ },
  { metric: D + 'req_other', unit: 'count', words: /件|条/, clause: /其他途径/ },
  { metric: D + 'req_total', unit: 'count', words: /件|条/, clause: /(?:已经|已)?答复|办结/, trail: /^[^，,。]{0,4}(?:政府)?信息公开申请|^[^，,。]{0,4}申请中/ },
  {
    metric: D + 'requests_new',
    unit: 'count',
    words: /件|条|次/,
    lead: /(?:收到|受理|接到|接收|接受|办理)[^。；;]{0,16}(?:信息公开|公开|信息)[^。；;]{0,6}(?:申请|诉求)|依申请公开[^。；;]{0,6}(?:申请|诉求)/,
    not: /答复|同意|不予|部分|办结/,
  },
  { metric: D + 'fees', unit: 'cny', lead: /(?:信息公开|检索|复制|邮寄)[^。；;]{0,20}(?:费用|收费)|收取[^。；;]{0,10}费/ },
  { metric: D + 'proactive_items', unit: 'count', words: /条/, lead: /主动公开|公开了|公开各类|公开政府信息/, not: /申请|诉求|微博|微信|解读|其中|转载|更新/ },

  // ---- 公共资源交易
  {
    metric: (c) => {
      const cat = tradingCategory(c.lead)
      return cat ? `trading.${cat}.amount` : 'trading.amount_total'
    },
    unit: 'cny',
    clause: /(?:交易|成交)(?:金)?额|交易总额|成交价/,
  },
  {
    metric: (c) => {
      const cat = tradingCategory(c.lead)
      return cat ? `trading.${cat}.projects` : 'trading.projects_total'
    },
    unit: 'count',
    words: /个|项|宗|标段/,
    lead: /交易|招标|采购|出让/,
    clause: /项目|交易|宗/,
    not: /投资|事项|审批/,
  },

  // ---- 投资项目, 办件, 事项
  { metric: 'ontime.invest_projects', unit: 'count', words: /项|个|件/, clause: /投资项目/, not: /办结|审批率/ },
  { metric: 'online.cases_online', unit: 'count', words: /件/, clause: /网上(?:申报|办件|业务|办理|受理)|网上(?:服务|办事)?大厅|网上审批/, not: /窗口/ },
  { metric: 'ontime.cases_completed', unit: 'count', words: /件/, clause: /办结$|办结[^，,件]{0,6}$/, not: /按时|承诺件|即办件|提前/ },
  { metric: 'online.cases_total', unit: 'count', words: /件/, clause: /总办件|办件量|办件|受理(?:各类)?(?:事项|业务)|(?:受理|办理)[^，,]{0,6}事项/, not: /窗口|承诺件|即办件|网上(?!平台)/ },
  {
    metric: 'online.items_total',
    unit: 'count',
    words: /项|个/,
    clause: /事项/,
    lead: /梳理|录入|入库|发布|公布|共计|事项数|清单/,
    not: /跑一次|一次就办好|即办|承诺|投资|减少|取消|下放|精简|新增|调整|办结|受理/,
  },
]

function lastOf(s: string, re: RegExp): number {
  let at = -1
  for (const m of s.matchAll(re)) at = m.index
  return at
}

const NUM = /(约|近|超过|逾|达到?|共计?|为|有)?\s*(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*(万元|亿元|元|件次|件|条|项|个|宗|%|次|起|标段)(余|多|以上|左右)?/g

const SENTENCE_END = /[。；;！!？?\n]/
const CLAUSE_END = /[，,：:。；;！!？?\n]/

function sentenceStart(norm: string, at: number, floor: number): number {
  let i = at - 1
  while (i >= floor && !SENTENCE_END.test(norm[i]!)) i--
  return i + 1
}

function clauseStart(norm: string, at: number, floor: number): number {
  let i = at - 1
  while (i >= floor && !CLAUSE_END.test(norm[i]!)) i--
  return i + 1
}

function sentenceEnd(norm: string, at: number, ceil: number): number {
  let i = at
  while (i < ceil && !SENTENCE_END.test(norm[i]!)) i++
  return i
}

export function readFreeText(text: string, norm: string, range: [number, number] | null): Figure[] {
  const [from, to] = range ?? [0, norm.length]
  const figures: Figure[] = []
  const seen = new Set<string>()
  const push = (f: Figure): void => {
    const key = `${f.metric}=${f.value}`
    if (seen.has(key)) return
    seen.add(key)
    figures.push(f)
  }
  const slice = norm.slice(from, to)
  NUM.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = NUM.exec(slice))) {
    const [, pre, digits, mult, yu1, unitWord, post] = m
    const numStart = from + m.index + m[0].indexOf(digits!, pre ? pre.length : 0)
    const numEnd = numStart + digits!.length
    // a number glued to letters or other digits (a phone number, a document number) is not a figure
    const before = norm[numStart - 1] ?? ''
    if (/[A-Za-z0-9.〔\-—]/.test(before)) continue
    const end = from + m.index + m[0].length
    const unit: FigureUnit = unitWord === '%' ? 'percent' : /元/.test(unitWord!) ? 'cny' : 'count'
    let exp = mult === '万' ? 4 : mult === '亿' ? 8 : 0
    if (unitWord === '万元') exp += 4
    if (unitWord === '亿元') exp += 8
    const qualifier: Qualifier =
      yu1 || post === '余' || post === '多' || post === '以上' || pre === '超过' || pre === '逾' ? 'at_least' : pre === '约' || pre === '近' || post === '左右' ? 'approx' : 'exact'
    const sStart = sentenceStart(norm, numStart, from)
    const cStart = clauseStart(norm, numStart, from)
    const ctx: Ctx = {
      near: norm.slice(Math.max(from, numStart - 150), numStart).replace(/\s+/g, ''),
      lead: norm.slice(sStart, numStart).replace(/\s+/g, ''),
      clause: norm.slice(cStart, numStart).replace(/\s+/g, '').replace(/[“”"'‘’]/g, ''),
      trail: norm.slice(end, Math.min(end + 16, to)).replace(/\s+/g, ''),
      sentence: norm.slice(sStart, sentenceEnd(norm, numStart, to)),
    }
    for (const rule of RULES) {
      if (rule.unit !== unit) continue
      if (rule.words && unit === 'count' && !rule.words.test(unitWord!)) continue
      if (rule.clause && !rule.clause.test(ctx.clause)) continue
      if (rule.lead && !rule.lead.test(ctx.lead)) continue
      if (rule.trail && !rule.trail.test(ctx.trail)) continue
      if (rule.not?.test(ctx.clause)) continue
      if (rule.notLead?.test(ctx.lead)) continue
      const metric = typeof rule.metric === 'string' ? rule.metric : rule.metric(ctx)
      if (!metric) continue
      const value = scaleDecimal(digits!, exp)
      if (unit === 'percent' && value > 100) break
      const exStart = Math.max(sStart, cStart - 40, numStart - 80)
      push({ metric, value, unit, qualifier, excerpt: text.slice(exStart, end).trim(), start: numStart, end: numEnd, flags: runningTotal(ctx.lead) ? ['uncertain'] : [] })
      break
    }
    // "行政复议、行政诉讼共0件": one number for both
    if (unit === 'count' && /行政复议[、和及与]行政诉讼|复议[、和及与]诉讼/.test(ctx.clause) && /共|合计|均为|各/.test(ctx.clause + (pre ?? ''))) {
      const value = scaleDecimal(digits!, exp)
      const exStart = Math.max(sStart, numStart - 80)
      for (const t of [D + 'review_total', D + 'litigation_total']) {
        push({ metric: t, value, unit, qualifier, excerpt: text.slice(exStart, end).trim(), start: numStart, end: numEnd, flags: value === 0 ? [] : ['uncertain'] })
      }
    }
  }
  statedZeros(text, norm, from, to, push)
  oldUnavailable(figures)
  return figures.filter((f) => !f.metric.startsWith('disclosure.old.'))
}

/**
 * A running total (累计, or 截至 a day short of the year's end) is not the year's figure as it stands:
 * proposed with a flag, for the reader to keep, correct or leave out (data/README: the running-total rule).
 */
function runningTotal(lead: string): boolean {
  if (/累计/.test(lead)) return true
  const cut = /(?:截至|截止|至)(?:\d{4}年)?(\d{1,2})月(?:(\d{1,2})日)?(?:止)?/.exec(lead)
  if (!cut) return false
  const month = Number(cut[1])
  const day = cut[2] ? Number(cut[2]) : null
  return !(month === 12 && (day === null || day === 31))
}

const ZEROS: { re: RegExp; metrics: string[] }[] = [
  { re: /(?:未|没有|无)(?:收到|发生|接到|产生|出现|受理)?[^。；;，,]{0,16}行政复议[、和及与或]?(?:行政)?诉讼/g, metrics: [D + 'review_total', D + 'litigation_total'] },
  { re: /(?:未|没有|无)(?:收到|发生|接到|产生|出现|受理)[^。；;，,]{0,16}行政复议(?![、和及与或](?:行政)?诉讼)/g, metrics: [D + 'review_total'] },
  { re: /(?:未|没有|无)(?:收到|发生|接到|产生|出现|受理)[^。；;，,]{0,16}(?<!复议[、和及与或])行政诉讼/g, metrics: [D + 'litigation_total'] },
  { re: /(?:未|没有)(?:收到|接到|受理)[^。；;，,]{0,12}(?:政府信息公开|信息公开|依申请公开)[^。；;，,]{0,4}(?:申请|诉求)/g, metrics: [D + 'requests_new'] },
  { re: /(?:未|没有|无)收取[^。；;，,]{0,12}费用|(?:未|没有)(?:发生|产生)[^。；;，,]{0,12}(?:信息公开)?(?:收费|费用)/g, metrics: [D + 'fees'] },
]

function statedZeros(text: string, norm: string, from: number, to: number, push: (f: Figure) => void): void {
  const slice = norm.slice(from, to)
  for (const z of ZEROS) {
    z.re.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = z.re.exec(slice))) {
      const start = from + m.index
      const end = start + m[0].length
      const sStart = sentenceStart(norm, start, from)
      const sEnd = sentenceEnd(norm, end, to)
      for (const metric of z.metrics) {
        push({ metric, value: 0, unit: metric === D + 'fees' ? 'cny' : 'count', qualifier: 'exact', excerpt: text.slice(sStart, sEnd).trim().slice(0, 200), start, end, flags: [] })
      }
    }
  }
}

/** Older reports split 无法提供 three ways (信息不存在, 非本机关, 申请内容不明确): their sum, as the contract maps it. */
function oldUnavailable(figures: Figure[]): void {
  const parts = ['not_exist', 'not_ours', 'unclear'].map((k) => figures.find((f) => f.metric === 'disclosure.old.' + k)).filter((f): f is Figure => !!f)
  if (!parts.length || figures.some((f) => f.metric === D + 'req_unavailable')) return
  const first = parts.reduce((a, b) => (a.start <= b.start ? a : b))
  const last = parts.reduce((a, b) => (a.end >= b.end ? a : b))
  figures.push({
    metric: D + 'req_unavailable',
    value: parts.reduce((s, f) => s + f.value, 0),
    unit: 'count',
    qualifier: parts.every((f) => f.qualifier === 'exact') ? 'exact' : 'at_least',
    excerpt: parts.map((f) => f.excerpt).join(' … '),
    start: first.start,
    end: last.end,
    flags: ['derived'],
  })
}
