import type { Outcome } from './testing/bounce-outcome';
import { counting, notCounting, replyOutcome } from './testing/bounce-outcome';

describe('regional providers, carriers and filtering gateways', () => {
  describe('AOL postmaster codes', () => {
    it.each<[string, Outcome]>([
      [
        '421 DYN:T1 http://postmaster.info.aol.com/errors/421dynt1.html',
        notCounting('rate_limited', 'soft', 'provider:yahoo:aol-throttle'),
      ],
      [
        '554 RTR:BB http://postmaster.info.aol.com/errors/554rtrbb.html',
        notCounting('reputation_block', 'hard', 'provider:yahoo:aol-block'),
      ],
      [
        '554 RLY:B1 http://postmaster.info.aol.com/errors/554rlyb1.html',
        notCounting('reputation_block', 'hard', 'provider:yahoo:aol-block'),
      ],
      [
        '421 4.7.1 : (CON:B1) https://postmaster.aol.com/error-codes#421conb1',
        notCounting('reputation_block', 'soft', 'provider:yahoo:aol-block'),
      ],
      [
        '554 DNS:NR http://postmaster.info.aol.com/errors/554dnsnr.html',
        notCounting('authentication_failed', 'hard', 'provider:yahoo:aol-reverse-dns'),
      ],
      [
        '554 5.7.1 :(RLY:SN) https://postmaster.aol.com/error-codes#554rlysn',
        notCounting('authentication_failed', 'hard', 'provider:yahoo:aol-unauthorised-sender'),
      ],
    ])('%s', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });
  });

  describe("NetEase's coded refusals", () => {
    const tail = '163 mx14,QsCowAB3nh1cAGhmPSQ7AA--.2491S2 1712345678';
    it.each<[string, Outcome]>([
      [`421 HL:REP ${tail}`, notCounting('reputation_block', 'soft', 'provider:netease:reputation')],
      [`421 HL:ICC ${tail}`, notCounting('rate_limited', 'soft', 'provider:netease:rate-limit')],
      [`450 MI:DMC ${tail}`, notCounting('rate_limited', 'soft', 'provider:netease:rate-limit')],
      [`550 MI:SPF ${tail}`, notCounting('authentication_failed', 'hard', 'provider:netease:sender-authentication')],
      [`550 MI:NHD ${tail}`, notCounting('policy_rejection', 'hard', 'provider:netease:helo')],
      [`554 DT:SPM ${tail}`, notCounting('content_rejected', 'hard', 'provider:netease:spam-content')],
      [`550 RP:FRL ${tail}`, notCounting('recipient_server_unavailable', 'hard', 'provider:netease:relay-refused')],
    ])('%s', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });

    it('reads their worded unknown user as generic text', () => {
      expect(replyOutcome('550 User not found: jane@example.net')).toEqual(
        counting('mailbox_unknown', 'hard', 'text:mailbox-unknown'),
      );
    });
  });

  describe('Japanese mobile carriers', () => {
    it.each<[string, Outcome]>([
      ['550 Unknown user jane@docomo.ne.jp', counting('mailbox_unknown', 'hard', 'text:mailbox-unknown')],
      [
        '552 Too much mail data jane@example.net',
        counting('mailbox_full', 'soft', 'provider:mobile-carrier:docomo-mailbox-full'),
      ],
      ['550 <jane@ezweb.ne.jp>: User unknown', counting('mailbox_unknown', 'hard', 'text:mailbox-unknown')],
      ['550 Invalid recipient: <jane@softbank.ne.jp>', counting('mailbox_unknown', 'hard', 'text:mailbox-unknown')],
      [
        '553 bounce.example.com does not exist',
        notCounting('authentication_failed', 'hard', 'provider:mobile-carrier:softbank-sender-domain'),
      ],
    ])('%s', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });
  });

  describe('European and Russian providers', () => {
    it('reads GMX and WEB.DE "mailbox unavailable" as an unknown address, but only from their hosts', () => {
      const fromWebDe = 'host mx-ha02.web.de[192.0.2.71] said: 550 Requested action not taken: mailbox unavailable';
      expect(replyOutcome(fromWebDe)).toEqual(
        counting('mailbox_unknown', 'hard', 'provider:mailbox-provider:gmx-mailbox-unknown'),
      );
      expect(replyOutcome('550 Requested action not taken: mailbox unavailable')).toEqual(
        counting('mailbox_unavailable', 'soft', 'text:mailbox-unavailable'),
      );
    });

    it('reads an older Hotmail 5.5.0 mailbox unavailable as an unknown consumer address', () => {
      const diagnostic = '550 5.5.0 Requested action not taken: mailbox unavailable. [BAY004-MC1F23.hotmail.com]';
      expect(replyOutcome(diagnostic)).toEqual(
        counting('mailbox_unknown', 'hard', 'provider:microsoft:consumer-mailbox-unknown'),
      );
    });

    it("reads Yandex's policy rejection on the target address as the recipient's blocked account", () => {
      expect(replyOutcome('550 5.7.1 Policy rejection on the target address')).toEqual(
        counting('mailbox_disabled', 'hard', 'provider:mailbox-provider:yandex-account-blocked'),
      );
    });

    it("reads Orange's 5.1.1 'boite pleine' as a full mailbox, not a missing one", () => {
      const diagnostic = '552 5.1.1 <jane@orange.fr>: Boite du destinataire pleine. Recipient overquota. OFR_417 [417]';
      expect(replyOutcome(diagnostic)).toEqual(
        counting('mailbox_full', 'soft', 'provider:mailbox-provider:orange-mailbox-full'),
      );
    });

    it('does not read a Mail.ru sending account that is switched off as a disabled recipient', () => {
      expect(replyOutcome('550 message sending for this account is disabled')).toEqual(
        notCounting('policy_rejection', 'hard', 'text:policy'),
      );
    });
  });

  describe('filtering gateways', () => {
    it.each<[string, Outcome]>([
      ['550 #5.1.0 Address rejected.', counting('mailbox_unknown', 'hard', 'provider:gateway:cisco-address-rejected')],
      [
        "450 4.7.1 XGEMAIL_0014 Message rejected because it exceeded the recipient's inbound rate limit for the single sender.",
        notCounting('rate_limited', 'soft', 'provider:gateway:sophos-single-sender-limit'),
      ],
      [
        '451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451',
        notCounting('greylisted', 'soft', 'provider:gateway:mimecast-greylisting'),
      ],
      [
        '451 Account inbounds disabled - https://community.mimecast.com/docs/DOC-1369#451',
        notCounting('recipient_server_unavailable', 'soft', 'provider:gateway:mimecast-inbound-disabled'),
      ],
    ])('%s', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });

    it('does not count a flooded mailbox that Sophos reports under a policy code (X.7)', () => {
      const diagnostic =
        "450 4.7.1 XGEMAIL_0015 Message rejected because it exceeded the recipient's total inbound rate limit from all senders.";
      expect(replyOutcome(diagnostic)).toEqual(notCounting('policy_rejection', 'soft', 'enhanced:4.7.1'));
    });
  });

  describe('Microsoft and Gmail wording added in this version', () => {
    it.each<[string, Outcome]>([
      [
        '550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient',
        notCounting('message_too_large', 'hard', 'provider:microsoft:recipient-size-limit'),
      ],
      [
        '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:organisation-senders-only'),
      ],
      [
        "550-5.7.29 Your email has been blocked because this message wasn't sent over a TLS connection. - gsmtp",
        notCounting('policy_rejection', 'hard', 'provider:gmail:tls-required'),
      ],
      [
        '550-5.7.1 Messages missing a valid address in the From: header, or having no 550 5.7.1 From: header, are not accepted. - gsmtp',
        notCounting('content_rejected', 'hard', 'provider:gmail:message-format'),
      ],
      [
        '550 5.7.1 Daily SMTP relay limit exceeded for customer. a1b2c3 - gsmtp',
        notCounting('sender_quota_exceeded', 'hard', 'provider:gmail:sending-limit'),
      ],
      [
        '550 5.7.1 Email quota exceeded. a1b2c3 - gsmtp',
        notCounting('sender_quota_exceeded', 'hard', 'provider:gmail:sending-limit'),
      ],
    ])('%s', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });
  });
});
