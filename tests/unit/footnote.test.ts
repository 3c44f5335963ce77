import { describe, expect, it } from 'vitest'
import { fakeT } from './fake-t'
import { collectFootnote, footnoteText, isPartialPeriod } from '../../src/charts/footnote'

const t = fakeT((key, v) => `${key}[${v.join('~')}]`)

describe('footnotes', () => {
  it('flags a report that does not cover the whole year', () => {
    expect(isPartialPeriod('2016-01-01', '2016-12-09')).toBe(true)
    expect(isPartialPeriod('2018-01-01', '2018-12-31')).toBe(false)
  })

  it('names each source once with its caveats', () => {
    const note = collectFootnote([
      { source_id: 'wh-2016', publisher_zh: '五华区政务服务管理局', period_start: '2016-01-01', period_end: '2016-12-09', scope: 'bureau', qualifier: 'exact' },
      { source_id: 'wh-2016', publisher_zh: '五华区政务服务管理局', period_start: '2016-01-01', period_end: '2016-12-09', scope: 'bureau', qualifier: 'approx' },
      { source_id: 'bs-2018', publisher_zh: '保山市人民政府办公室', period_start: '2018-01-01', period_end: '2018-12-31', scope: 'government', qualifier: 'exact' },
    ])
    expect(note.sources.map((s) => s.id)).toEqual(['bs-2018', 'wh-2016'])
    expect(note.approx).toBe(true)
    expect(footnoteText(note, t)).toBe(
      'footnote.sources保山市人民政府办公室（bs-2018）；五华区政务服务管理局（wh-2016；footnote.partial[2016-01-01~2016-12-09]；footnote.bureau）。footnote.approx',
    )
  })
})
