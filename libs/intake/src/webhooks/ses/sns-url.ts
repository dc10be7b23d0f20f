// The host pattern of AWS's own message validators: every commercial region, the China partition (`.cn`) and
// GovCloud (`sns.us-gov-west-1.amazonaws.com`). Not any `*.amazonaws.com`: S3 buckets live there, and a bucket would
// let anyone serve a certificate of their own.
const SNS_HOST = /^sns\.[a-zA-Z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;

/**
 * Why a URL SNS gave (the signing certificate's or the subscription's) is not to be fetched, or undefined when it
 * may be: https on the default port to an SNS host, without credentials, unless its origin is one the app trusts
 * explicitly (a local emulator in tests). Certificates must also end in `.pem`.
 */
export function untrustedSnsUrl(
  text: string,
  trustedOrigins: readonly string[],
  purpose: 'certificate' | 'subscription',
): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (purpose === 'certificate' && !url.pathname.endsWith('.pem')) {
    return 'does not name a .pem certificate';
  }
  if (trustedOrigins.includes(url.origin)) {
    return undefined;
  }
  if (url.protocol !== 'https:') {
    return 'is not https';
  }
  if (url.username !== '' || url.password !== '' || url.port !== '') {
    return 'carries credentials or a port';
  }
  return SNS_HOST.test(url.hostname) ? undefined : `host ${url.hostname} is not an SNS host`;
}
