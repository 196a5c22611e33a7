import { describe, expect, it } from 'vitest';
import { createReport } from '../../../shared/report/model.ts';
import { buildNotification, notifyKindOf } from '../../../shared/report/notify.ts';

describe('notifications', () => {
  it('does pick the receiver format from the URL and keep Slack requests unsigned', () => {
    expect(notifyKindOf('https://oapi.dingtalk.com/robot/send?access_token=t')).toBe('dingtalk');
    expect(notifyKindOf('https://hooks.slack.com/services/A/B/C')).toBe('slack');
    expect(notifyKindOf('https://ops.example.com/hook')).toBe('json');
    const report = createReport({ function: 'audit-referer' }).finish();
    const slack = buildNotification({ url: 'https://hooks.slack.com/services/A/B/C' }, report, [{ bucket: 'b', code: 'C', severity: 'high', message: 'm' }]);
    expect(JSON.parse(slack.body).text).toContain('[HIGH] b: C: m');
    expect(slack.headers['x-ossedge-signature']).toBeUndefined();
  });
});
