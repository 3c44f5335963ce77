/**
 * Chart images. The charts render as SVG, which exports as is; PNG is that SVG drawn onto a canvas at
 * 2× or 3× pixel ratio, on white. The chart's own title, unit, year, footnote and any 模拟数据
 * watermark are part of the SVG, so the image stands alone.
 */
export async function svgToPng(svg: string, width: number, height: number, pixelRatio: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }))
  try {
    const image = new Image()
    image.decoding = 'sync'
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve()
      image.onerror = () => reject(new Error('the chart could not be drawn as an image'))
      image.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(width * pixelRatio)
    canvas.height = Math.round(height * pixelRatio)
    const context = canvas.getContext('2d')
    if (!context) throw new Error('no 2D canvas')
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** ECharts' SVG has no background; exports get a white one so they read on any slide. */
export function withWhiteBackground(svg: string): string {
  return svg.replace(/<svg([^>]*)>/, '<svg$1><rect width="100%" height="100%" fill="#ffffff"/>')
}
