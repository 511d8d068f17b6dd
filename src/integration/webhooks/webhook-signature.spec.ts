import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('Webhook signatures', () => {
  const secret = 'whsec_test_0123456789abcdef';
  const body = JSON.stringify({ id: 'evt-1', type: 'notification.first_community_meeting.overdue' });

  it('is HMAC-SHA256 over "timestamp.body", hex-encoded with a v1= prefix', () => {
    const expected = createHmac('sha256', secret).update(`1795600000.${body}`).digest('hex');
    expect(signWebhook(secret, 1795600000, body)).toBe(`v1=${expected}`);
  });

  it('verifies an untouched payload and refuses a changed body, a wrong secret or an old timestamp', () => {
    const signature = signWebhook(secret, 1795600000, body);
    expect(verifyWebhook(secret, 1795600000, body, signature, 1795600010)).toBe(true);
    expect(verifyWebhook(secret, 1795600000, body.replace('evt-1', 'evt-2'), signature, 1795600010)).toBe(false);
    expect(verifyWebhook('another-secret', 1795600000, body, signature, 1795600010)).toBe(false);
    expect(verifyWebhook(secret, 1795600000, body, signature, 1795600000 + 301)).toBe(false);
  });
});
