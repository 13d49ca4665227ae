// Runs a page action and keeps its error for display: nothing fails silently.
import { ref } from 'vue';
import { describe } from './client';

export function useAction() {
    const error = ref<string | null>(null);
    const busy = ref(false);

    async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
        error.value = null;
        busy.value = true;
        try {
            return await action();
        } catch (e) {
            error.value = describe(e);
            return undefined;
        } finally {
            busy.value = false;
        }
    }

    return { error, busy, run };
}
