import { Inject, Injectable } from '@nestjs/common';
import type { CertificateSource } from '@app/intake';
import {
  MailgunSignatureVerifier,
  PostmarkCredentialsVerifier,
  RecentTokens,
  SendgridSignatureVerifier,
  SnsSignatureVerifier,
} from '@app/intake';
import type { PostmarkVerifierOptions } from '@app/intake';
import type { Environment } from '@app/recipients';
import { Clock } from '@app/recipients';
import { ENVIRONMENT } from '../stores/tokens';
import type { FetchLimits } from './bounded-fetch';
import { fetchBounded } from './bounded-fetch';

/** An SNS certificate is about 2 KB; nothing a certificate URL answers needs more than this, nor takes longer. */
const CERTIFICATE_LIMITS = { timeoutMs: 5000, maxBytes: 64 * 1024 };

/**
 * The verifier of each provider whose secret is configured (`undefined` otherwise), built once at start from the
 * validated environment. The Mailgun tokens seen lately live here, in this process: several replicas would need a
 * shared store for them.
 */
@Injectable()
export class WebhookVerifiers {
  readonly ses?: SnsSignatureVerifier;
  readonly sendgrid?: SendgridSignatureVerifier;
  readonly mailgun?: MailgunSignatureVerifier;
  readonly postmark?: PostmarkCredentialsVerifier;
  readonly autoConfirmSubscriptions: boolean;
  /** How far the service fetches a SubscribeURL (the same limits as a certificate). */
  readonly fetchLimits: FetchLimits;
  private readonly mailgunTokens = new RecentTokens();

  constructor(@Inject(ENVIRONMENT) env: Environment, clock: Clock) {
    const now = (): number => clock.now();
    const trustedOrigins = commaSeparated(env.SES_WEBHOOK_TRUSTED_ORIGINS);
    this.fetchLimits = { ...CERTIFICATE_LIMITS, plainHttpOrigins: trustedOrigins };
    this.autoConfirmSubscriptions = env.SES_WEBHOOK_AUTO_CONFIRM === 'true';
    const toleranceSeconds = env.WEBHOOK_TOLERANCE_SECONDS;
    if (env.SES_WEBHOOK_TOPIC_ARNS !== undefined) {
      const certificates: CertificateSource = (url) => fetchBounded(url, this.fetchLimits);
      this.ses = new SnsSignatureVerifier({
        certificates,
        topicArns: commaSeparated(env.SES_WEBHOOK_TOPIC_ARNS),
        trustedOrigins,
        freshness: { maxAgeSeconds: env.SES_WEBHOOK_MAX_AGE_SECONDS, now },
      });
    }
    if (env.SENDGRID_WEBHOOK_PUBLIC_KEY !== undefined) {
      this.sendgrid = new SendgridSignatureVerifier({
        publicKey: env.SENDGRID_WEBHOOK_PUBLIC_KEY,
        toleranceSeconds,
        now,
      });
    }
    if (env.MAILGUN_WEBHOOK_SIGNING_KEY !== undefined) {
      this.mailgun = new MailgunSignatureVerifier({
        signingKey: env.MAILGUN_WEBHOOK_SIGNING_KEY,
        toleranceSeconds,
        now,
        seenToken: (token) => this.mailgunTokens.seen(token),
      });
    }
    const postmark = postmarkOptions(env);
    if (postmark !== undefined) {
      this.postmark = new PostmarkCredentialsVerifier(postmark);
    }
  }
}

function postmarkOptions(env: Environment): PostmarkVerifierOptions | undefined {
  const options: PostmarkVerifierOptions = {};
  if (env.POSTMARK_WEBHOOK_USERNAME !== undefined && env.POSTMARK_WEBHOOK_PASSWORD !== undefined) {
    options.basicAuth = { username: env.POSTMARK_WEBHOOK_USERNAME, password: env.POSTMARK_WEBHOOK_PASSWORD };
  }
  if (env.POSTMARK_WEBHOOK_SECRET_HEADER !== undefined && env.POSTMARK_WEBHOOK_SECRET !== undefined) {
    options.secretHeader = { name: env.POSTMARK_WEBHOOK_SECRET_HEADER, value: env.POSTMARK_WEBHOOK_SECRET };
  }
  return options.basicAuth === undefined && options.secretHeader === undefined ? undefined : options;
}

function commaSeparated(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
