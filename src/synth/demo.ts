/** The in-app 模拟数据 demonstration: Yunnan's prefectures, 2016–2024, a fixed seed. */
export { generateObservations, observationsCsv, synthSource } from './generate'

export const DEMO_SEED = 42
export const DEMO_YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]
