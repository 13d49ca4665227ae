// The fleet's GraphQL operations (docs/fleet.md, docs/graphql.md).
import type { Fleet } from '../generated/schema';

const HUB = 'rackId state since server reason';
const RACK = 'id lab version live busy queueLength lastSeen channels targets { name slot state health }';

export const FLEET = `query Fleet { fleet { role hub { ${HUB} } racks { ${RACK} } racksReadAt racksError } }`;
export type FleetResult = { fleet: Fleet | null };
/** Only the role and hub: what the top bar needs, without reading the racks from the hub. */
export const FLEET_HUB = `query FleetHub { fleet { role hub { ${HUB} } } }`;
export type FleetHubResult = { fleet: Pick<Fleet, 'role' | 'hub'> | null };
