import { DRIFT_SCENARIOS } from './drift-scenarios';
import { FAILURE_SCENARIOS } from './failure-scenarios';
import { LIFECYCLE_SCENARIOS } from './lifecycle-scenarios';
import { PAYLOAD_SCENARIOS } from './payload-scenarios';
import type { ScenarioDefinition } from './scenario-types';

/** Every scenario by name. The names are an interface: tests and the demo refer to them. */
export const SCENARIOS: ReadonlyMap<string, ScenarioDefinition> = new Map(
  [...LIFECYCLE_SCENARIOS, ...FAILURE_SCENARIOS, ...PAYLOAD_SCENARIOS, ...DRIFT_SCENARIOS].map((scenario) => [scenario.name, scenario]),
);

export const DEFAULT_SCENARIO = 'success';

export function findScenario(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.get(name);
}
