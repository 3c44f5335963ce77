/** ECharts and its Vue component, with the parts the app uses registered: loaded apart from the page's own script (see BaseChart). */
import '../../charts/setup'
export { default } from 'vue-echarts'
