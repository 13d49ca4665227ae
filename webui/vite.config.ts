/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The dev server proxies the monitor's GraphQL endpoints (HIVE_MONITOR, default http://localhost:8080),
// so the session cookie stays same-origin as it is when the monitor serves the build itself.
const monitor = process.env.HIVE_MONITOR ?? 'http://localhost:8080';

export default defineConfig({
    plugins: [vue()],
    base: '/',
    build: {
        outDir: 'dist',
        assetsInlineLimit: 4096,
        sourcemap: false,
    },
    server: {
        proxy: {
            '/graphql/ws': { target: monitor.replace(/^http/, 'ws'), ws: true },
            '/graphql': { target: monitor },
            '/api': { target: monitor },
        },
    },
    test: {
        environment: 'happy-dom',
        include: ['tests/**/*.test.ts'],
        restoreMocks: true,
        unstubGlobals: true,
    },
});
