// Only the test kit's runner file: the repository's own tests run under node:test.
export default {
  test: { include: ['test/runners/*.vitest.js'], testTimeout: 60_000, hookTimeout: 60_000 },
};
