/**
 * A region as a user writes it (530100, 昆明市, 昆明, Kunming, 楚雄州, 楚雄) → its contract code.
 *
 * Short forms are generated from the known names, never by trimming the user's text: 楚雄市 is a
 * county-level city and must not become 楚雄州 just because both start with 楚雄.
 */
import type { Region } from '../types/data'

export type RegionRef = Pick<Region, 'code' | 'name_zh' | 'name_en' | 'level' | 'parent_code'>
export type RegionResolver = (text: string) => string | null

/** The 55 minority nationalities, as they appear inside 自治州/自治县 names. */
const ETHNIC_GROUPS = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克',
  '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬',
  '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克',
  '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
].sort((a, b) => b.length - a.length)

const QUOTES_AND_BRACKETS = /[()[\]{}【】〔〕〈〉「」『』《》"'“”‘’`]/g

/** Case, width, spaces, quotes and brackets do not matter; the text inside brackets does. */
function keyOf(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(QUOTES_AND_BRACKETS, '')
}

/** English keys also ignore punctuation: Pu'er = Puer = pu er. */
function englishKeyOf(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '')
}

function stripEthnicGroups(text: string): string {
  let rest = text
  for (let changed = true; changed; ) {
    changed = false
    for (const group of ETHNIC_GROUPS) {
      if (rest.endsWith(`${group}族`) && rest.length > group.length + 1) {
        rest = rest.slice(0, -(group.length + 1))
        changed = true
        break
      }
    }
  }
  return rest
}

/** 楚雄彝族自治州 → 楚雄州, 楚雄; 昆明市 → 昆明; 五华区 → 五华; 云南省 → 云南; 贵阳国家经济技术开发区 → 贵阳经开区. */
export function chineseShortForms(name: string): string[] {
  const forms: string[] = []
  const autonomous = /^(.+?)(自治州|自治县|自治旗|自治区)$/.exec(name)
  if (autonomous) {
    const place = stripEthnicGroups(autonomous[1] ?? '')
    const kind = { 自治州: '州', 自治县: '县', 自治旗: '旗', 自治区: '' }[autonomous[2] ?? ''] ?? ''
    forms.push(place + kind, place)
  }
  const zone = /^(.+?)(?:国家级|国家)?经济技术开发区$/.exec(name)
  if (zone) forms.push(`${zone[1]}经开区`, `${zone[1]}经济技术开发区`, `${zone[1]}经济开发区`)
  const hiTech = /^(.+?)(?:国家级|国家)?高新技术产业开发区$/.exec(name)
  if (hiTech) forms.push(`${hiTech[1]}高新区`)
  const plain = /^(.+?)(省|市|区|县|州|地区|盟|旗)$/.exec(name)
  if (plain && !autonomous && !zone && !hiTech) forms.push(plain[1] ?? '')
  return [...new Set(forms)].filter((form) => form.length >= 2 && form !== name)
}

const ENGLISH_SUFFIXES = / (autonomous prefecture|autonomous county|autonomous region|prefecture|city|district|county|province)$/i

/** Chuxiong Yi Autonomous Prefecture → Chuxiong, Chuxiong Prefecture; Wuhua District → Wuhua; Kunming → Kunming City. */
export function englishShortForms(name: string, nameZh: string): string[] {
  const forms: string[] = []
  const suffix = ENGLISH_SUFFIXES.exec(name)
  if (suffix) {
    const rest = name.slice(0, suffix.index)
    // In "Honghe Hani and Yi", the place is the first word and the rest are peoples.
    const place = /autonomous/i.test(suffix[1] ?? '') ? (rest.split(' ')[0] ?? rest) : rest
    forms.push(place)
    if (/州$/.test(nameZh)) forms.push(`${place} Prefecture`)
  } else {
    if (/市$/.test(nameZh)) forms.push(`${name} City`)
    if (/州$/.test(nameZh)) forms.push(`${name} Prefecture`)
  }
  return [...new Set(forms)].filter((form) => form.length >= 2 && form !== name)
}

function add(map: Map<string, Set<string>>, key: string, code: string): void {
  if (key === '') return
  const codes = map.get(key) ?? new Set<string>()
  codes.add(code)
  map.set(key, codes)
}

/** Only an unambiguous key resolves; two regions behind one key is as good as none. */
function only(codes: Set<string> | undefined): string | null {
  if (!codes || codes.size !== 1) return null
  return codes.values().next().value ?? null
}

export function createRegionResolver(regions: readonly RegionRef[]): RegionResolver {
  const byCode = new Map<string, Set<string>>()
  const byName = new Map<string, Set<string>>()
  const byShortForm = new Map<string, Set<string>>()
  for (const region of regions) {
    add(byCode, keyOf(region.code), region.code)
    add(byName, keyOf(region.name_zh), region.code)
    add(byName, englishKeyOf(region.name_en), region.code)
    for (const form of chineseShortForms(region.name_zh)) add(byShortForm, keyOf(form), region.code)
    for (const form of englishShortForms(region.name_en, region.name_zh)) add(byShortForm, englishKeyOf(form), region.code)
  }

  const lookUp = (key: string): string | null => {
    if (key === '') return null
    for (const map of [byCode, byName, byShortForm]) {
      if (map.has(key)) return only(map.get(key))
    }
    return null
  }

  return (text) => {
    const key = keyOf(text)
    const found = lookUp(key)
    if (found) return found
    // Pu'er, Pu-er, PU ER: English names without their punctuation (only for text that is plain English).
    const normalized = text.normalize('NFKC').trim()
    if (/[a-z]/i.test(normalized) && /^[a-z0-9 '’.-]+$/i.test(normalized)) return lookUp(englishKeyOf(normalized))
    // 楚雄州（楚雄彝族自治州）: the text without what is in brackets.
    const withoutBracketed = keyOf(normalized.replace(/[([【〔][^)\]】〕]*[)\]】〕]/g, ''))
    return withoutBracketed !== key ? lookUp(withoutBracketed) : null
  }
}
