// Every GraphQL operation the UI sends, with its result type built from the generated schema types.
import type {
    ApiToken,
    CatalogTarget,
    Channel,
    CreatedApiToken,
    LogEntry,
    LogPage,
    Probe,
    Rack,
    Run,
    RunPage,
    Slot,
    SystemInfo,
    TargetOperation,
    Testprogram,
    User,
} from '../generated/schema';

const PROBE = 'kind identifier serial vendorId productId';
const SLOT =
    'stack slot state target architecture core flashStatus flashMessage health targetHealth targetHealthSince { health by reason at } lease { id holder reason expiresAt maxUntil probe }';
const RACK = `name backend channels { index uart assigned { ${PROBE} } detected { ${PROBE} } } stacks { index name slots { ${SLOT} } }`;
const USER = 'id name role createdAt';
const TESTPROGRAM = 'id name builtIn active sources { path content } latestBuild { uid status output createdAt }';
const PROVENANCE = 'candidate commit shortCommit branch dirty ciJobUrl ciJobName';
const RUN_HEAD = `id state runnerSha256 optionsJson createdAt startedAt finishedAt error queuePosition summary { passed failed skipped errors } provenance { ${PROVENANCE} }`;
const RESULT =
    'testId displayName className methodName channel probe probeSerial stack slot target status message stackTrace startedAt durationMillis failureType stdout stderr reports { key value } rack';
const SHARD = 'target pinnedRack state error attempts { attempt rack startedAt endedAt outcome }';
const RUN = `${RUN_HEAD} results { ${RESULT} } shards { ${SHARD} }`;
const LOG = 'id source runId level logger message at';
const TOKEN = 'id name description createdAt expiresAt lastUsedAt revoked';

export type RunHead = Omit<Run, 'results' | 'shards'>;

// ---- session ----
export const ME = `query Me { me { ${USER} } }`;
export type MeResult = { me: User | null };
export const LOGIN = `mutation Login($name: String!, $password: String!) { login(name: $name, password: $password) { ${USER} } }`;
export type LoginResult = { login: User };
export const LOGOUT = `mutation Logout { logout }`;
export const CHANGE_PASSWORD = `mutation ChangePassword($oldPassword: String!, $newPassword: String!) { changePassword(oldPassword: $oldPassword, newPassword: $newPassword) }`;

// ---- rack ----
export const DASHBOARD = `query Dashboard { rack { ${RACK} } connectedProbes { ${PROBE} } systemInfo { hostname os cores loadAverage memoryTotalBytes memoryFreeBytes diskTotalBytes diskFreeBytes monitorVersion javaVersion sandbox } }`;
export type DashboardResult = { rack: Rack; connectedProbes: Probe[]; systemInfo: SystemInfo };
export const CONNECTED_PROBES = `query ConnectedProbes { connectedProbes { ${PROBE} } }`;
export const SEARCH_TARGETS = `query SearchTargets($search: String!) { searchTargets(search: $search) { name architecture core emulated } }`;
export type SearchTargetsResult = { searchTargets: CatalogTarget[] };
export const ASSIGN_PROBE = `mutation AssignProbe($channel: Int!, $probe: ProbeInput) { assignProbe(channel: $channel, probe: $probe) { index uart assigned { ${PROBE} } detected { ${PROBE} } } }`;
export type AssignProbeResult = { assignProbe: Channel };
export const ASSIGN_TARGET = `mutation AssignTarget($stack: Int!, $slot: Int!, $target: String) { assignTarget(stack: $stack, slot: $slot, target: $target) { ${SLOT} } }`;
export type AssignTargetResult = { assignTarget: Slot };
export const REINITIALIZE_RACK = `mutation ReinitializeRack { reinitializeRack { ${RACK} } }`;
export type ReinitializeRackResult = { reinitializeRack: Rack };
export const RACK_CHANGED = `subscription RackChanged { rackChanged { ${RACK} } }`;
export type RackChangedResult = { rackChanged: Rack };

// ---- target control (admin) ----
const TARGET_OPERATION = 'id stack slot kind state output requestedBy createdAt endedAt';
export const POWER_TARGET = `mutation PowerTarget($stack: Int!, $slot: Int!, $on: Boolean!) { powerTarget(stack: $stack, slot: $slot, on: $on) { ${TARGET_OPERATION} } }`;
export type PowerTargetResult = { powerTarget: TargetOperation };
export const RESET_TARGET = `mutation ResetTarget($stack: Int!, $slot: Int!) { resetTarget(stack: $stack, slot: $slot) { ${TARGET_OPERATION} } }`;
export type ResetTargetResult = { resetTarget: TargetOperation };
export const FLASH_TARGET = `mutation FlashTarget($stack: Int!, $slot: Int!, $elfBase64: String!) { flashTarget(stack: $stack, slot: $slot, elfBase64: $elfBase64) { ${TARGET_OPERATION} } }`;
export type FlashTargetResult = { flashTarget: TargetOperation };
export const TARGET_OPERATION_QUERY = `query TargetOperation($id: ID!) { targetOperation(id: $id) { ${TARGET_OPERATION} } }`;
export type TargetOperationResult = { targetOperation: TargetOperation | null };

// ---- runs ----
export const RUNS = `query Runs($limit: Int, $offset: Int, $filter: RunFilter) { queue { ${RUN_HEAD} } runs(limit: $limit, offset: $offset, filter: $filter) { total runs { ${RUN_HEAD} } } }`;
export type RunsResult = { queue: RunHead[]; runs: Omit<RunPage, 'runs'> & { runs: RunHead[] } };
export const RUN_QUERY = `query Run($id: ID!) { run(id: $id) { ${RUN} } }`;
export type RunResult = { run: Run | null };
export const CANCEL_RUN = `mutation CancelRun($id: ID!) { cancelRun(id: $id) { ${RUN} } }`;
export type CancelRunResult = { cancelRun: Run };
export const RUN_UPDATED = `subscription RunUpdated($id: ID!) { runUpdated(id: $id) { ${RUN} } }`;
export type RunUpdatedResult = { runUpdated: Run };
export const QUEUE_CHANGED = `subscription QueueChanged { queueChanged { ${RUN_HEAD} } }`;
export type QueueChangedResult = { queueChanged: RunHead[] };

// ---- testprograms ----
export const TESTPROGRAMS = `query Testprograms { testprograms { ${TESTPROGRAM} } }`;
export type TestprogramsResult = { testprograms: Testprogram[] };
export const CREATE_TESTPROGRAM = `mutation CreateTestprogram($name: String!) { createTestprogram(name: $name) { ${TESTPROGRAM} } }`;
export type CreateTestprogramResult = { createTestprogram: Testprogram };
export const UPDATE_TESTPROGRAM_SOURCES = `mutation UpdateTestprogramSources($id: ID!, $sources: [SourceFileInput!]!) { updateTestprogramSources(id: $id, sources: $sources) { ${TESTPROGRAM} } }`;
export type UpdateTestprogramSourcesResult = { updateTestprogramSources: Testprogram };
export const DELETE_TESTPROGRAM = `mutation DeleteTestprogram($id: ID!) { deleteTestprogram(id: $id) }`;
export const ACTIVATE_TESTPROGRAM = `mutation ActivateTestprogram($id: ID!) { activateTestprogram(id: $id) { ${TESTPROGRAM} } }`;

// ---- users and tokens ----
export const USERS = `query Users { users { ${USER} } }`;
export type UsersResult = { users: User[] };
export const CREATE_USER = `mutation CreateUser($name: String!, $password: String!, $role: Role!) { createUser(name: $name, password: $password, role: $role) { ${USER} } }`;
export const MODIFY_USER = `mutation ModifyUser($id: ID!, $name: String, $password: String, $role: Role) { modifyUser(id: $id, name: $name, password: $password, role: $role) { ${USER} } }`;
export const DELETE_USER = `mutation DeleteUser($id: ID!) { deleteUser(id: $id) }`;
export const API_TOKENS = `query ApiTokens { apiTokens { ${TOKEN} } }`;
export type ApiTokensResult = { apiTokens: ApiToken[] };
export const CREATE_API_TOKEN = `mutation CreateApiToken($name: String!, $description: String, $expiresAt: DateTime) { createApiToken(name: $name, description: $description, expiresAt: $expiresAt) { secret token { ${TOKEN} } } }`;
export type CreateApiTokenResult = { createApiToken: CreatedApiToken };
export const REVOKE_API_TOKEN = `mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ${TOKEN} } }`;

// ---- logs ----
export const LOGS = `query Logs($source: LogSource!, $level: LogLevel, $limit: Int, $before: ID) { logs(source: $source, level: $level, limit: $limit, before: $before) { nextCursor entries { ${LOG} } } }`;
export type LogsResult = { logs: LogPage };
export const LOG_ADDED = `subscription LogAdded($source: LogSource!, $level: LogLevel) { logAdded(source: $source, level: $level) { ${LOG} } }`;
export type LogAddedResult = { logAdded: LogEntry };
