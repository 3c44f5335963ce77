/**
 * The briefing as PPTX: one chart per slide with its title, key figure, source and date; synthetic
 * slides say 模拟数据 in their title. pptxgenjs is loaded only when a deck is downloaded.
 */
import type { DeckSlide } from '../stores/deck'
import { svgToPng, withWhiteBackground } from './image'

async function pngDataUrl(slide: DeckSlide): Promise<string> {
  const blob = await svgToPng(withWhiteBackground(slide.svg), slide.width, slide.height, 2)
  return await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new Error('could not read the chart image'))
    reader.readAsDataURL(blob)
  })
}

export async function deckToPptx(slides: readonly DeckSlide[], deckTitle: string): Promise<Blob> {
  const { default: PptxGenJS } = await import('pptxgenjs')
  const pptx = new PptxGenJS()
  pptx.layout = 'LAYOUT_WIDE' // 13.33 × 7.5 in
  pptx.title = deckTitle
  for (const s of slides) {
    const slide = pptx.addSlide()
    const title = s.synthetic ? `【模拟数据】${s.title}` : s.title
    slide.addText(title, { x: 0.4, y: 0.25, w: 12.5, h: 0.6, fontSize: 24, bold: true, color: '1F4E8C', fontFace: 'Microsoft YaHei' })
    const maxW = 8.6
    const maxH = 5.6
    const scale = Math.min(maxW / s.width, maxH / s.height)
    slide.addImage({ data: await pngDataUrl(s), x: 0.4, y: 1.0, w: s.width * scale, h: s.height * scale })
    if (s.keyFigure) {
      slide.addText(s.keyFigure, { x: 9.3, y: 1.2, w: 3.7, h: 2.2, fontSize: 20, color: '1C2430', valign: 'top', fontFace: 'Microsoft YaHei' })
    }
    slide.addText(`${s.source}\n${s.date}`, { x: 0.4, y: 6.75, w: 12.5, h: 0.6, fontSize: 10, color: '555555', fontFace: 'Microsoft YaHei' })
  }
  return (await pptx.write({ outputType: 'blob' })) as Blob
}
