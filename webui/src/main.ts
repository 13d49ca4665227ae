import { createApp } from 'vue';
import App from './App.vue';
import { createGraphQLClient } from './api/client';
import { ApiKey, SessionKey, SubscriberKey, createSession } from './api/inject';
import { createSubscriber } from './api/subscriptions';
import { createAppRouter, goToLogin } from './router';
import './style.css';

const session = createSession();
let onUnauthorized = () => {};
const api = createGraphQLClient({ onUnauthorized: () => onUnauthorized() });
const subscriber = createSubscriber({ onUnauthorized: () => onUnauthorized() });
const router = createAppRouter(api, session);
onUnauthorized = () => goToLogin(router, session);

createApp(App).provide(ApiKey, api).provide(SubscriberKey, subscriber).provide(SessionKey, session).use(router).mount('#app');
