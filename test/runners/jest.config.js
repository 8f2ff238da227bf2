// Native ESM, no transform; jest looks only in this folder (a crawl of the whole repository costs seconds).
export default {
  rootDir: '../..',
  roots: ['<rootDir>/test/runners'],
  testMatch: ['**/*.jest.js'],
  transform: {},
  testEnvironment: 'node',
};
