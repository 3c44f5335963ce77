/** Registers only the ECharts parts the app uses; SVG output stays crisp in exports and screenshots. */
import { use } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { BarChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'

use([SVGRenderer, BarChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent])
