// Routes (history mode: the monitor answers unknown paths with index.html). Every page but the login
// needs a session; the users page needs the ADMIN role (the server enforces it too).
import { createRouter, createWebHistory, type RouteLocationRaw, type Router, type RouterHistory } from 'vue-router';
import type { GraphQLClient } from './api/client';
import type { Session } from './api/inject';
import { ME, type MeResult } from './api/operations';

declare module 'vue-router' {
    interface RouteMeta {
        public?: boolean;
        admin?: boolean;
        title?: string;
    }
}

export function createAppRouter(api: GraphQLClient, session: Session, history: RouterHistory = createWebHistory()): Router {
    const router = createRouter({
        history,
        routes: [
            { path: '/login', component: () => import('./account/LoginPage.vue'), meta: { public: true, title: 'Log in' } },
            { path: '/', component: () => import('./rack/DashboardPage.vue'), meta: { title: 'Rack' } },
            { path: '/runs', component: () => import('./runs/RunsPage.vue'), meta: { title: 'Runs' } },
            { path: '/runs/:id', component: () => import('./runs/RunPage.vue'), props: true, meta: { title: 'Run' } },
            { path: '/leases', component: () => import('./leases/LeasesPage.vue'), meta: { title: 'Leases' } },
            {
                path: '/targets/:stack(\\d+)/:slot(\\d+)',
                component: () => import('./targets/TargetPage.vue'),
                props: true,
                meta: { title: 'Target' },
            },
            { path: '/testprograms', component: () => import('./testprograms/TestprogramsPage.vue'), meta: { title: 'Testprograms' } },
            { path: '/users', component: () => import('./users/UsersPage.vue'), meta: { admin: true, title: 'Users' } },
            { path: '/tokens', component: () => import('./tokens/TokensPage.vue'), meta: { title: 'API tokens' } },
            { path: '/fleet', component: () => import('./fleet/FleetPage.vue'), meta: { title: 'Fleet' } },
            { path: '/logs', component: () => import('./logs/LogsPage.vue'), meta: { title: 'Logs' } },
            { path: '/account', component: () => import('./account/AccountPage.vue'), meta: { title: 'Account' } },
            { path: '/:rest(.*)*', component: () => import('./components/NotFoundPage.vue'), meta: { public: true, title: 'Not found' } },
        ],
    });

    router.beforeEach(async (to): Promise<RouteLocationRaw | true> => {
        if (to.meta.public) return true;
        if (!session.checked) {
            try {
                session.user = (await api.request<MeResult>(ME)).me;
            } catch {
                session.user = null; // 401 or monitor unreachable: the login page says which when it is tried
            }
            session.checked = true;
        }
        if (!session.user) return { path: '/login', query: { redirect: to.fullPath } };
        if (to.meta.admin && session.user.role !== 'ADMIN') return { path: '/' };
        return true;
    });
    router.afterEach((to) => {
        document.title = to.meta.title ? `${to.meta.title} · Hive` : 'Hive';
    });
    return router;
}

/** Where the 401 handler sends the user: the login page, remembering where they were. */
export function goToLogin(router: Router, session: Session): void {
    session.user = null;
    const current = router.currentRoute.value;
    if (current.meta.public) return;
    void router.push({ path: '/login', query: { redirect: current.fullPath } });
}
