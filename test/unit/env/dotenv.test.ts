import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecret, parseDotenv } from '../../../runtime/env/dotenv.js';

test('ENV-03 dotenv: plain, quoted, commented, exported and multi-line values', () => {
  const env = parseDotenv(
    [
      '# a comment',
      'PLAIN=value',
      'SPACED = spaced value  # trailing',
      "SINGLE='keep $literal # hash'",
      'DOUBLE="a\\nb"',
      'MULTI="first',
      'second"',
      'export EXPORTED=yes',
      'EMPTY=',
      'URL=https://x.test/a?b=c#frag',
    ].join('\n'),
  );
  assert.deepEqual(env, {
    PLAIN: 'value',
    SPACED: 'spaced value',
    SINGLE: 'keep $literal # hash',
    DOUBLE: 'a\nb',
    MULTI: 'first\nsecond',
    EXPORTED: 'yes',
    EMPTY: '',
    URL: 'https://x.test/a?b=c',
  });
});

test('ENV-02 masking: secrets never show whole', () => {
  assert.equal(maskSecret('short'), '****');
  assert.equal(maskSecret('sk-abcdefghijklmnopqrstuvwxyz'), '****wxyz');
});
