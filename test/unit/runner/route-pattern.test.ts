import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern } from '../../../runtime/runner/route-pattern.js';

test('ROUTE-04 literal: matches itself and one trailing slash only', () => {
  const p = compilePattern('/admin');
  assert.deepEqual(p.match('/admin'), {});
  assert.deepEqual(p.match('/admin/'), {});
  assert.equal(p.match('/admin/x'), null);
  assert.equal(p.match('/administrator'), null);
});

test('ROUTE-05 params: decoded strings', () => {
  assert.deepEqual(compilePattern('/u/:id/:name').match('/u/7/j%C3%B8rn'), { id: '7', name: 'jørn' });
});

test('ROUTE-06/AMB 2 wildcards: inner one segment, trailing any remainder (none too), /my* prefix; no * matches exactly', () => {
  assert.ok(compilePattern('/user/*/inbox').match('/user/a/inbox'));
  assert.equal(compilePattern('/user/*/inbox').match('/user/a/b/inbox'), null);
  assert.ok(compilePattern('/api/*').match('/api'));
  assert.ok(compilePattern('/api/*').match('/api/a/b'));
  assert.equal(compilePattern('/api/*').match('/apix'), null);
  assert.ok(compilePattern('/my*').match('/myroute/deep'));
  assert.ok(compilePattern('/*').match('/'));
  assert.ok(compilePattern('/').match('/'));
  assert.equal(compilePattern('/admin').match('/admin/x'), null);
  assert.ok(compilePattern('/admin').match('/admin/'));
});

test('ROUTE-08 regex keys: parsed back from the manifest JSON form', () => {
  const p = compilePattern(JSON.stringify({ $regex: /^\/(foo|bar)/i.toString() }));
  assert.ok(p.match('/FOO/x'));
  assert.equal(p.match('/baz'), null);
});
