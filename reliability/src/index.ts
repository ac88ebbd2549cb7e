export {
  defineScenario,
  meetsBar,
  missedBars,
  type Bar,
  type Figure,
  type Scale,
  type Scenario,
  type ScenarioContext,
} from './scenario.ts';
export { runScenario } from './run-scenario.ts';
export { formatReport, type ScenarioReport } from './report.ts';
