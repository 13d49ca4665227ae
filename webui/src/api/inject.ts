// The app provides one GraphQL client, one subscriber and the session; components inject them, so
// component tests can provide fakes.
import { inject, reactive, type InjectionKey } from 'vue';
import type { GraphQLClient } from './client';
import type { Subscriber } from './subscriptions';
import type { User } from '../generated/schema';

export interface Session {
    user: User | null;
    /** Whether `me` has been asked since the page loaded. */
    checked: boolean;
}

export const ApiKey: InjectionKey<GraphQLClient> = Symbol('graphql-client');
export const SubscriberKey: InjectionKey<Subscriber> = Symbol('graphql-subscriber');
export const SessionKey: InjectionKey<Session> = Symbol('session');

export function createSession(): Session {
    return reactive({ user: null, checked: false });
}

function required<T>(key: InjectionKey<T>, what: string): T {
    const value = inject(key);
    if (value === undefined) throw new Error(`${what} was not provided`);
    return value;
}

export const useApi = () => required(ApiKey, 'the GraphQL client');
export const useSubscriber = () => required(SubscriberKey, 'the subscription client');
export const useSession = () => required(SessionKey, 'the session');
