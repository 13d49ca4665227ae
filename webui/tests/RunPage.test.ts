import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { Run } from '../src/generated/schema';
import RunPage from '../src/runs/RunPage.vue';
import { fakeApi, fakeSubscriber, provide, result } from './fakes';

const running: Run = {
    id: '42',
    state: 'RUNNING',
    runnerSha256: 'ab',
    optionsJson: '{"includeTargets":["nrf*"]}',
    createdAt: '2026-11-22T00:00:00Z',
    startedAt: '2026-11-22T00:00:01Z',
    finishedAt: null,
    error: null,
    queuePosition: 0,
    summary: { passed: 1, failed: 0, skipped: 0, errors: 0 },
    provenance: {
        candidate: 'dev.example:rsp-probe:1.2.0',
        commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        shortCommit: '9fceb02d0ae5',
        branch: 'feature/x',
        dirty: true,
        ciJobUrl: 'https://github.com/example/rsp-probe/actions/runs/4242',
        ciJobName: 'CI / hive',
    },
    results: [result('T#a', 'nrf52840', 'PASSED')],
    shards: [],
};

const noProvenance = {
    candidate: null,
    commit: null,
    shortCommit: null,
    branch: null,
    dirty: null,
    ciJobUrl: null,
    ciJobName: null,
};

describe('RunPage', () => {
    it('shows what the run tested: candidate, commit on branch, dirty, and a link to the CI job', async () => {
        const api = fakeApi({ Run: () => ({ run: { ...running, state: 'FINISHED' } }) });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client, fakeSubscriber().subscriber) });
        await flushPromises();
        // In the first panel under the title, before the matrix.
        const provenance = w.get('[data-test="run-headline"] .provenance');
        expect(w.get('section > .panel').attributes('data-test')).toBe('run-headline');
        expect(provenance.text()).toContain('dev.example:rsp-probe:1.2.0');
        expect(provenance.text()).toContain('9fceb02d0ae5 on feature/x (with uncommitted changes)');
        const link = provenance.get('a');
        expect(link.attributes('href')).toBe('https://github.com/example/rsp-probe/actions/runs/4242');
        expect(link.text()).toBe('CI / hive');
        w.unmount();
    });

    it('says so when a run has no provenance, and never links a CI URL that is not http(s)', async () => {
        const api = fakeApi({
            Run: ({ id }) => ({
                run: {
                    ...running,
                    id: String(id),
                    state: 'FINISHED',
                    provenance: id === '1' ? noProvenance : { ...noProvenance, ciJobUrl: 'javascript:alert(1)', ciJobName: 'job' },
                },
            }),
        });
        const bare = mount(RunPage, { props: { id: '1' }, ...provide(api.client, fakeSubscriber().subscriber) });
        await flushPromises();
        expect(bare.text()).toContain('No provenance');
        bare.unmount();
        const hostile = mount(RunPage, { props: { id: '2' }, ...provide(api.client, fakeSubscriber().subscriber) });
        await flushPromises();
        expect(hostile.find('.provenance a').exists()).toBe(false);
        expect(hostile.get('.provenance').text()).toContain('job');
        hostile.unmount();
    });

    it('follows a running run live until it ends', async () => {
        const live = fakeSubscriber();
        const api = fakeApi({ Run: () => ({ run: running }) });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client, live.subscriber) });
        await flushPromises();
        expect(w.findAll('.cell')).toHaveLength(1);
        expect(live.isActive('RunUpdated')).toBe(true);
        live.push('RunUpdated', {
            runUpdated: {
                ...running,
                state: 'FINISHED',
                summary: { passed: 1, failed: 1, skipped: 0, errors: 0 },
                results: [...running.results, result('T#b', 'nrf52840', 'FAILED', { message: 'boom' })],
            },
        });
        await flushPromises();
        expect(w.findAll('.cell')).toHaveLength(2);
        expect(w.text()).toContain('FINISHED');
        expect(w.findAll('button').some((b) => b.text() === 'Cancel run')).toBe(false);
    });

    it('cancels, and shows a refused cancel', async () => {
        let refuse = true;
        const api = fakeApi({
            Run: () => ({ run: running }),
            CancelRun: () => {
                if (refuse) throw new GraphQLRequestError(['Run 42 has already finished']);
                return { cancelRun: { ...running, state: 'CANCELLED' } };
            },
        });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client) });
        await flushPromises();
        const cancel = () =>
            w
                .findAll('button')
                .find((b) => b.text() === 'Cancel run')!
                .trigger('click');
        await cancel();
        await flushPromises();
        expect(w.get('[role="alert"]').text()).toContain('already finished');
        refuse = false;
        await cancel();
        await flushPromises();
        expect(w.text()).toContain('CANCELLED');
        expect(w.find('[role="alert"]').exists()).toBe(false);
    });

    it('says when there is no such run', async () => {
        const api = fakeApi({ Run: () => ({ run: null }) });
        const w = mount(RunPage, { props: { id: '404' }, ...provide(api.client) });
        await flushPromises();
        expect(w.text()).toContain('There is no run #404');
    });

    it('offers the run as a JSON download built from the GraphQL data', async () => {
        const api = fakeApi({ Run: () => ({ run: { ...running, state: 'FINISHED' } }) });
        const created: Blob[] = [];
        vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
            created.push(b as Blob);
            return 'blob:run';
        });
        const w = mount(RunPage, { props: { id: '42' }, ...provide(api.client) });
        await flushPromises();
        await w
            .findAll('button')
            .find((b) => b.text() === 'Download JSON')!
            .trigger('click');
        expect(created).toHaveLength(1);
        const json = JSON.parse(await created[0]!.text());
        expect(json.id).toBe('42');
        expect(json.results[0].testId).toBe('T#a');
    });
});
