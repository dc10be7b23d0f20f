import { EnvironmentError, loadEnvironment } from './environment';

describe('webhook settings in the environment', () => {
  it('leaves every provider off by default, with the documented limits', () => {
    const env = loadEnvironment({});
    expect(env.SES_WEBHOOK_TOPIC_ARNS).toBeUndefined();
    expect(env.SENDGRID_WEBHOOK_PUBLIC_KEY).toBeUndefined();
    expect(env.MAILGUN_WEBHOOK_SIGNING_KEY).toBeUndefined();
    expect(env.POSTMARK_WEBHOOK_USERNAME).toBeUndefined();
    expect(env.SES_WEBHOOK_AUTO_CONFIRM).toBe('false');
    expect(env.WEBHOOK_TOLERANCE_SECONDS).toBe(300);
    expect(env.INBOUND_MAIL_LIMIT_BYTES).toBe(2 * 1024 * 1024);
  });

  it('reads numbers and lists of topics and origins', () => {
    const env = loadEnvironment({
      SES_WEBHOOK_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:1:a,arn:aws:sns:eu-west-1:1:b',
      SES_WEBHOOK_TRUSTED_ORIGINS: 'http://127.0.0.1:4566',
      INBOUND_MAIL_LIMIT_BYTES: '65536',
    });
    expect(env.INBOUND_MAIL_LIMIT_BYTES).toBe(65536);
    expect(env.SES_WEBHOOK_TOPIC_ARNS).toBe('arn:aws:sns:eu-west-1:1:a,arn:aws:sns:eu-west-1:1:b');
  });

  it('refuses half a Postmark credential pair, naming the missing half', () => {
    expect(() => loadEnvironment({ POSTMARK_WEBHOOK_USERNAME: 'postmark' })).toThrow(/POSTMARK_WEBHOOK_PASSWORD/);
    expect(() => loadEnvironment({ POSTMARK_WEBHOOK_SECRET_HEADER: 'X-Webhook-Secret' })).toThrow(
      /POSTMARK_WEBHOOK_SECRET=/,
    );
  });

  it('never prints a secret it refuses', () => {
    const secrets = { POSTMARK_WEBHOOK_USERNAME: 'postmark', POSTMARK_WEBHOOK_PASSWORD: 'short-pw' };
    let message = '';
    try {
      loadEnvironment({ ...secrets, MAILGUN_WEBHOOK_SIGNING_KEY: 'tiny-key' });
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      message = (error as Error).message;
    }
    expect(message).toContain('POSTMARK_WEBHOOK_PASSWORD=(hidden)');
    expect(message).toContain('MAILGUN_WEBHOOK_SIGNING_KEY=(hidden)');
    expect(message).not.toContain('short-pw');
    expect(message).not.toContain('tiny-key');
  });

  it('refuses a topic list that is not ARNs and a SendGrid key that is not base64', () => {
    expect(() => loadEnvironment({ SES_WEBHOOK_TOPIC_ARNS: 'ses-feedback' })).toThrow(/SES_WEBHOOK_TOPIC_ARNS/);
    expect(() => loadEnvironment({ SENDGRID_WEBHOOK_PUBLIC_KEY: 'not a key!' })).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });
});
