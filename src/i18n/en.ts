import type zh from './zh-CN'

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> }

const en: Shape<typeof zh> = {
  app: {
    title: 'Public Service Dashboard',
    subtitle: 'Comparable figures from government information-disclosure annual reports',
    skip: 'Skip to content',
    language: '中文',
    languageLabel: 'Switch to Chinese',
  },
  nav: {
    label: 'Main navigation',
    online: 'Online services',
    ontime: 'Completion & timeliness',
    trading: 'Public resource trading',
    disclosure: 'Information disclosure',
    sources: 'Sources',
  },
  db: {
    loading: 'Starting the data engine…',
    ready: 'Data ready',
    error: 'The data engine failed to start: {message}. Reload the page to try again.',
  },
  family: {
    intro: {
      online: 'How many government services can be done online, and how many cases were.',
      ontime: 'Cases received, completed and completed on time; investment-project approvals.',
      trading: 'Projects and amounts traded: construction, procurement, land and more.',
      disclosure: 'Proactive disclosure, outcomes of information requests, reviews and lawsuits.',
    },
    metric: 'Indicator',
    noData: 'No data in this family yet',
    loading: 'Querying…',
    error: 'Query failed: {message}',
    chartTitle: '{metric} by region and year',
    unitLabel: 'Unit: {unit}',
    table: 'Data table',
    region: 'Region',
    year: 'Year',
    value: 'Value',
    source: 'Source',
    note: 'Note',
    coverage: '{regions} regions · {years} years · {observations} figures',
    definition: 'Definition',
  },
  footnote: {
    sources: 'Sources: ',
    partial: 'covers {start} to {end}, not a full year',
    bureau: "a bureau's report, narrower than the whole government's",
    approx: '~ and ≥ mark figures the report gives as approximate or as a lower bound',
  },
  qualifier: { exact: '', approx: '~', at_least: '≥' },
  sources: {
    title: 'Sources',
    intro: 'Every figure comes from a published annual report on government information disclosure. All sources and their caveats:',
    id: 'ID',
    region: 'Region',
    year: 'Year',
    publisher: 'Publisher',
    titleCol: 'Title',
    period: 'Period',
    format: 'Format',
    reference: 'Reference',
    observations: 'Figures',
    caveats: 'Caveats',
    formats: { 'free-text': 'Free text (before 2019)', 'gb-2019': '2019 national template', 'gb-2021': '2021 national template' },
  },
  level: { province: 'Province', prefecture: 'Prefecture', county: 'County', zone: 'Zone' },
}
export default en
