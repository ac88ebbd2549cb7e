import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{packages,services}/*/{src,test}/**/*.test.ts', '{reliability,bench}/{src,test}/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
