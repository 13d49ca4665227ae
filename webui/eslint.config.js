// ESLint for the web UI: Vue's recommended rules with TypeScript, and v-html forbidden (user strings
// are always rendered as text). Formatting is Prettier's job (`npm run format`).
import pluginVue from 'eslint-plugin-vue';
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript';

export default defineConfigWithVueTs(
    { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', 'target/**'] },
    pluginVue.configs['flat/recommended'],
    vueTsConfigs.recommended,
    {
        rules: {
            'vue/no-v-html': 'error',
            'vue/max-attributes-per-line': 'off',
            'vue/singleline-html-element-content-newline': 'off',
            'vue/html-self-closing': 'off',
            'vue/multi-word-component-names': 'off',
            'vue/html-indent': 'off',
            'vue/html-closing-bracket-newline': 'off',
            'vue/multiline-html-element-content-newline': 'off',
        },
    },
);
