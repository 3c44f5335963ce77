/**
 * Names, in both languages, for the metric ids a report reading proposes that the catalogue does
 * not hold yet: the cells of the national standard tables (data-contract v2), built from the id's
 * parts as the contract lays them out. An imported report brings these as its new metrics.
 */
import { FAMILIES, type Family, type Metric } from '../types/data'

type Pair = readonly [zh: string, en: string]

const ROWS: Record<string, Pair> = {
  requests_new: ['本年新收申请', 'New requests'],
  requests_carried_in: ['上年结转申请', 'Requests carried in'],
  req_granted: ['予以公开', 'Granted'],
  req_partial: ['部分公开', 'Partly granted'],
  req_denied: ['不予公开', 'Denied'],
  req_unavailable: ['无法提供', 'Cannot be provided'],
  req_not_processed: ['不予处理', 'Not processed'],
  req_other: ['其他处理', 'Otherwise handled'],
  req_total: ['办理结果总计', 'Outcomes in total'],
  requests_carried_out: ['结转下年度继续办理', 'Carried over to next year'],
  rules: ['规章', 'Rules'],
  normative_docs: ['行政规范性文件', 'Normative documents'],
  decisions: ['处理决定数量', 'Decisions'],
  items: ['项目数量', 'Items'],
  central_procurement: ['政府集中采购', 'Central procurement'],
  fees_collected: ['行政事业性收费金额', 'Administrative fees collected'],
  review: ['行政复议', 'Administrative review'],
  litigation_direct: ['行政诉讼（未经复议直接起诉）', 'Lawsuits filed directly'],
  litigation_after_review: ['行政诉讼（复议后起诉）', 'Lawsuits after review'],
  litigation: ['行政诉讼', 'Lawsuits'],
}

const PARTS: Record<string, Pair> = {
  // applicants (table 三)
  natural_person: ['自然人', 'natural persons'],
  legal_person: ['法人或其他组织', 'legal persons and other organisations'],
  commercial: ['商业企业', 'commercial enterprises'],
  research: ['科研机构', 'research institutions'],
  public_interest: ['社会公益组织', 'public-interest organisations'],
  legal_service: ['法律服务机构', 'legal service agencies'],
  other_org: ['其他', 'other organisations'],
  // reasons
  state_secret: ['属于国家秘密', 'state secret'],
  law_forbidden: ['其他法律行政法规禁止公开', 'forbidden by other laws'],
  security_stability: ['危及"三安全一稳定"', 'security and stability'],
  third_party: ['保护第三方合法权益', "third parties' rights"],
  internal_affairs: ['属于三类内部事务信息', 'internal affairs'],
  process_info: ['属于四类过程性信息', 'process information'],
  enforcement_file: ['属于行政执法案卷', 'enforcement files'],
  admin_query: ['属于行政查询事项', 'administrative queries'],
  not_held: ['本机关不掌握相关政府信息', 'not held'],
  needs_creation: ['没有现成信息需要另行制作', 'would need to be created'],
  unclear: ['补正后申请内容仍不明确', 'still unclear'],
  petition: ['信访举报投诉类申请', 'petitions and complaints'],
  repeated: ['重复申请', 'repeated requests'],
  publication: ['要求提供公开出版物', 'publications'],
  excessive: ['无正当理由大量反复申请', 'excessive requests'],
  confirm_reissue: ['要求行政机关确认或重新出具已获取信息', 'confirmation or reissue'],
  not_corrected: ['逾期不补正', 'not completed in time'],
  fee_unpaid: ['逾期未缴纳费用', 'fee not paid'],
  other: ['其他', 'other'],
  // table 二 columns
  issued: ['本年制发件数', 'issued this year'],
  repealed: ['本年废止件数', 'repealed this year'],
  in_force: ['现行有效件数', 'in force'],
  made: ['本年新制作数量', 'made this year'],
  published: ['本年新公开数量', 'published this year'],
  total_public: ['对外公开总数量', 'public in total'],
  license: ['行政许可', 'licences'],
  penalty: ['行政处罚', 'penalties'],
  coercion: ['行政强制', 'coercive measures'],
  other_services: ['其他对外管理服务事项', 'other services'],
  fees: ['行政事业性收费', 'fees'],
  prev_count: ['上一年项目数量', 'items last year'],
  change: ['本年增/减', 'change this year'],
  projects: ['采购项目数量', 'projects'],
  amount: ['采购总金额', 'amount'],
}

/** 行政复议/诉讼 result columns, written as a suffix of the group (`disclosure.review_total`). */
const RESULTS: Record<string, Pair> = {
  maintained: ['结果维持', 'upheld'],
  corrected: ['结果纠正', 'corrected'],
  other: ['其他结果', 'other result'],
  pending: ['尚未审结', 'pending'],
  total: ['总计', 'total'],
}

/** A name for a contract id in both languages, or null when its parts are not the contract's. */
export function contractMetricName(id: string): { zh: string; en: string } | null {
  const [family, head, ...rest] = id.split('.')
  if (family !== 'disclosure' || !head) return null
  let row = ROWS[head]
  let result: Pair | undefined
  if (!row) {
    const match = /^(review|litigation_direct|litigation_after_review|litigation)_(maintained|corrected|other|pending|total)$/.exec(head)
    if (!match) return null
    row = ROWS[match[1] as string]
    result = RESULTS[match[2] as string]
  }
  if (!row) return null
  const parts = rest.map((p) => PARTS[p])
  if (parts.some((p) => !p)) return null
  const zh = [row[0], ...(result ? [result[0]] : []), ...parts.map((p) => (p as Pair)[0])].join('·')
  const en = [row[1], ...(result ? [result[1]] : []), ...parts.map((p) => (p as Pair)[1])].join(', ')
  return { zh, en }
}

/**
 * The metric row an imported reading brings for an id the catalogue lacks. `label` is the report's
 * own wording (a table cell's row and column), used when the id's parts give no name.
 */
export function reportMetric(id: string, unit: string, label: string | null): Metric {
  const name = contractMetricName(id)
  const head = id.split('.')[0] as string
  const family: Family = (FAMILIES as readonly string[]).includes(head) ? (head as Family) : 'context'
  const zh = name?.zh ?? label ?? id
  const en = name?.en ?? id
  return {
    id,
    family,
    name_zh: zh,
    name_en: en,
    unit,
    direction: 'neutral',
    definition_zh: `${zh}（据报告识读）`,
    definition_en: `${en} (read from a report)`,
  }
}
