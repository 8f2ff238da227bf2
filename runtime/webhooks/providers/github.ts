import { createHmac } from 'node:crypto';
import type { SampleContext, WebhookProvider } from '../types.js';

const repo = { id: 1296269, name: 'myrepo', full_name: 'myorg/myrepo', private: false, html_url: 'https://github.com/myorg/myrepo', default_branch: 'main' };
const sender = { login: 'octocat', id: 1, type: 'User', html_url: 'https://github.com/octocat' };
const issue = (c: SampleContext, state: 'open' | 'closed') => ({
  id: 1000 + (c.now % 1000),
  number: 123,
  title: 'Application crashes on startup',
  body: 'When I run the application, it immediately crashes with error code 500. This happens on both macOS and Linux.',
  state,
  user: sender,
  labels: [{ name: 'bug' }],
  html_url: 'https://github.com/myorg/myrepo/issues/123',
  created_at: new Date(c.now * 1000).toISOString(),
});

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>` (and the legacy SHA-1 header). */
export const github: WebhookProvider = {
  id: 'github',
  name: 'GitHub',
  secretEnv: ['GITHUB_WEBHOOK_SECRET', 'GITHUB_SECRET', 'WEBHOOK_SECRET'],
  secretLabel: 'webhook secret',
  contentType: 'application/json',
  docs: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
  events: {
    'issues.opened': (c) => ({ action: 'opened', issue: issue(c, 'open'), repository: repo, sender }),
    'issues.closed': (c) => ({ action: 'closed', issue: issue(c, 'closed'), repository: repo, sender }),
    'issue_comment.created': (c) => ({
      action: 'created',
      issue: issue(c, 'open'),
      comment: { id: 5000 + (c.now % 1000), body: 'I can reproduce this on Windows too: the log shows a null pointer in the config loader.', user: sender },
      repository: repo,
      sender,
    }),
    'pull_request.opened': (c) => ({
      action: 'opened',
      number: 7,
      pull_request: { id: 70 + (c.now % 100), number: 7, title: 'Fix crash on startup', body: 'Guards the config loader against a missing file.', state: 'open', head: { ref: 'fix-crash' }, base: { ref: 'main' }, user: sender },
      repository: repo,
      sender,
    }),
    push: (c) => ({
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: c.id.padEnd(40, '0').slice(0, 40),
      commits: [{ id: c.id.padEnd(40, 'a').slice(0, 40), message: 'Fix the config loader', author: { name: 'Octo Cat', email: 'octocat@example.com' } }],
      repository: repo,
      pusher: { name: 'octocat' },
      sender,
    }),
    'release.published': () => ({ action: 'published', release: { tag_name: 'v1.0.0', name: 'v1.0.0', body: 'First release.', draft: false, prerelease: false }, repository: repo, sender }),
    ping: (c) => ({ zen: 'Design for failure.', hook_id: 42, hook: { type: 'Repository', id: 42, events: ['issues'], active: true }, repository: repo, sender, created: c.now }),
  },
  headers({ body, secret, deliveryId, event }, signed) {
    const h: Record<string, string> = {
      'user-agent': 'GitHub-Hookshot/localhooks',
      'x-github-event': event.split('.')[0]!,
      'x-github-delivery': deliveryId,
      'x-github-hook-id': '42',
    };
    if (signed) {
      h['x-hub-signature-256'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      h['x-hub-signature'] = `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
    }
    return h;
  },
};
