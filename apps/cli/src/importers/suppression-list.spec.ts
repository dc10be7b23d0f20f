import { parseSuppressionList } from './suppression-list';
import { formatProblem } from './source-record';

describe('reading suppression-list exports', () => {
  describe('Amazon SES (list-suppressed-destinations)', () => {
    it('reads every summary with its reason and last update time', () => {
      const text = JSON.stringify(
        {
          SuppressedDestinationSummaries: [
            { EmailAddress: 'Gone@Example.org', Reason: 'BOUNCE', LastUpdateTime: '2024-03-05T10:11:12.523000+00:00' },
            { EmailAddress: 'angry@example.net', Reason: 'COMPLAINT', LastUpdateTime: 1709633472 },
          ],
          NextToken: 'abc',
        },
        null,
        2,
      );
      const { entries, problems } = parseSuppressionList('ses', text);
      expect(problems).toEqual([]);
      expect(entries).toEqual([
        {
          line: 3,
          address: 'gone@example.org',
          reason: 'BOUNCE',
          occurredAt: '2024-03-05T10:11:12.523Z',
          meaning: { kind: 'imported' },
        },
        {
          line: 8,
          address: 'angry@example.net',
          reason: 'COMPLAINT',
          occurredAt: '2024-03-05T10:11:12.000Z',
          meaning: { kind: 'complaint' },
        },
      ]);
    });

    it('reads the same columns as CSV', () => {
      const text = 'EmailAddress,Reason,LastUpdateTime\r\ngone@example.org,BOUNCE,2024-03-05T10:11:12Z\r\n';
      expect(parseSuppressionList('ses', text).entries).toEqual([
        {
          line: 2,
          address: 'gone@example.org',
          reason: 'BOUNCE',
          occurredAt: '2024-03-05T10:11:12.000Z',
          meaning: { kind: 'imported' },
        },
      ]);
    });
  });

  describe('SendGrid', () => {
    it('reads the API array with Unix-second dates', () => {
      const text =
        '[{"created":1443651125,"email":"a@example.com","reason":"550 5.1.1 User unknown","status":"5.1.1"}]';
      expect(parseSuppressionList('sendgrid', text).entries).toEqual([
        {
          line: 1,
          address: 'a@example.com',
          reason: '550 5.1.1 User unknown',
          occurredAt: '2015-09-30T22:12:05.000Z',
          meaning: { kind: 'imported' },
        },
      ]);
    });

    it('reads the CSV export, with quoted reasons holding commas and zone-less dates read as UTC', () => {
      const text =
        'email,created,reason,status\n"b@example.com","2024-01-02 03:04:05","550 5.1.1, user unknown","5.1.1"\n';
      expect(parseSuppressionList('sendgrid', text).entries).toEqual([
        {
          line: 2,
          address: 'b@example.com',
          reason: '550 5.1.1, user unknown',
          occurredAt: '2024-01-02T03:04:05.000Z',
          meaning: { kind: 'imported' },
        },
      ]);
    });

    it('gives lists without a reason (unsubscribes) the default reason', () => {
      const text = 'email,created\nc@example.com,1700000000\n';
      expect(parseSuppressionList('sendgrid', text, { defaultReason: 'unsubscribed' }).entries[0]?.reason).toBe(
        'unsubscribed',
      );
    });
  });

  describe('SendGrid lists told apart by their columns', () => {
    it('reads a spam report (an ip, no reason) as a complaint', () => {
      const text = '[{"created":1700000000,"email":"a@example.com","ip":"192.0.2.10"}]';
      expect(parseSuppressionList('sendgrid', text).entries[0]?.meaning).toEqual({ kind: 'complaint' });
    });

    it('reads a global unsubscribe (neither reason nor ip) as an unsubscribe from every list', () => {
      const text = 'email,created\nc@example.com,1700000000\n';
      expect(parseSuppressionList('sendgrid', text).entries[0]?.meaning).toEqual({ kind: 'unsubscribe' });
    });

    it('reads a group unsubscribe as an unsubscribe from that group only', () => {
      const text = '[{"email":"d@example.com","group_id":42,"group_name":"Weekly news","created_at":1700000000}]';
      expect(parseSuppressionList('sendgrid', text).entries[0]?.meaning).toEqual({
        kind: 'unsubscribe',
        list: 'Weekly news',
      });
      const byId = '[{"email":"d@example.com","group_id":42,"created_at":1700000000}]';
      expect(parseSuppressionList('sendgrid', byId).entries[0]?.meaning).toEqual({ kind: 'unsubscribe', list: '42' });
    });

    it('keeps a bounce, a block or an invalid email (they carry a reason) an imported suppression', () => {
      const text = '[{"created":1700000000,"email":"e@example.com","reason":"blocked","ip":"192.0.2.10"}]';
      expect(parseSuppressionList('sendgrid', text).entries[0]?.meaning).toEqual({ kind: 'imported' });
    });
  });

  describe('Postmark', () => {
    it("reads SpamComplaint as a complaint and a recipient's ManualSuppression as an unsubscribe", () => {
      const record = (reason: string, origin: string): object => ({
        EmailAddress: `${origin.toLowerCase()}.${reason.toLowerCase()}@example.org`,
        SuppressionReason: reason,
        Origin: origin,
        CreatedAt: '2024-01-01T00:00:00Z',
      });
      const text = JSON.stringify({
        Suppressions: [
          record('SpamComplaint', 'Recipient'),
          record('ManualSuppression', 'Recipient'),
          record('ManualSuppression', 'Customer'),
          record('HardBounce', 'Recipient'),
        ],
      });
      expect(parseSuppressionList('postmark', text).entries.map((entry) => [entry.reason, entry.meaning])).toEqual([
        ['SpamComplaint', { kind: 'complaint' }],
        ['ManualSuppression', { kind: 'unsubscribe' }],
        ['ManualSuppression', { kind: 'imported' }],
        ['HardBounce', { kind: 'imported' }],
      ]);
    });

    it('reads the suppressions dump with seven fractional digits and an offset', () => {
      const text = JSON.stringify({
        Suppressions: [
          {
            EmailAddress: 'gone@example.org',
            SuppressionReason: 'HardBounce',
            Origin: 'Recipient',
            CreatedAt: '2024-03-05T05:11:10.2735393-05:00',
          },
        ],
      });
      expect(parseSuppressionList('postmark', text).entries).toEqual([
        {
          line: 1,
          address: 'gone@example.org',
          reason: 'HardBounce',
          occurredAt: '2024-03-05T10:11:10.273Z',
          meaning: { kind: 'imported' },
        },
      ]);
    });

    it('reads newline-delimited objects', () => {
      const text =
        '{"EmailAddress":"a@example.org","SuppressionReason":"SpamComplaint","CreatedAt":"2024-01-01T00:00:00Z"}\n\n{"EmailAddress":"b@example.org","SuppressionReason":"ManualSuppression","CreatedAt":"2024-01-02T00:00:00Z"}\n';
      const { entries } = parseSuppressionList('postmark', text);
      expect(entries.map((entry) => [entry.line, entry.address])).toEqual([
        [1, 'a@example.org'],
        [3, 'b@example.org'],
      ]);
    });
  });

  describe('plain CSV (address,reason,date)', () => {
    it('reads what `export --format csv` writes, ignoring the other columns', () => {
      const text =
        'address,status,cause,reason,date\nx@example.com,suppressed,imported,BOUNCE,2024-03-05T10:11:12.000Z\n';
      expect(parseSuppressionList('csv', text).entries).toEqual([
        {
          line: 2,
          address: 'x@example.com',
          reason: 'BOUNCE',
          occurredAt: '2024-03-05T10:11:12.000Z',
          meaning: { kind: 'imported' },
        },
      ]);
    });

    it('keeps complaints and unsubscribes by the cause column an export writes', () => {
      const text = [
        'address,cause,reason,date',
        'a@example.com,complaint,abuse,2024-01-01T00:00:00Z',
        'b@example.com,unsubscribed,one_click,2024-01-01T00:00:00Z',
        'c@example.com,hard_bounce,mailbox_unknown,2024-01-01T00:00:00Z',
      ].join('\n');
      expect(parseSuppressionList('csv', text).entries.map((entry) => entry.meaning)).toEqual([
        { kind: 'complaint' },
        { kind: 'unsubscribe' },
        { kind: 'imported' },
      ]);
    });

    it('counts lines inside quoted fields that span lines', () => {
      const text = 'address,reason,date\na@example.com,"two\nlines",2024-01-01\nnot-an-address,x,2024-01-01\n';
      const { entries, problems } = parseSuppressionList('csv', text);
      expect(entries[0]?.reason).toBe('two\nlines');
      expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^line 4: invalid address "not-an-address"/)]);
    });

    it('counts a CRLF inside a quoted field as one line, and reads a file whose line endings are mixed', () => {
      const text = 'address,reason,date\r\na@example.com,"two\r\nlines",2024-01-01\rnot-an-address,x,2024-01-01\n';
      const { entries, problems } = parseSuppressionList('csv', text);
      expect(entries[0]?.reason).toBe('two\nlines');
      expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^line 4: invalid address "not-an-address"/)]);
    });
  });

  describe('malformed entries', () => {
    it('names each bad row by its line and keeps the good ones', () => {
      const text = [
        'address,reason,date',
        'good@example.com,BOUNCE,2024-01-01T00:00:00Z',
        ',BOUNCE,2024-01-01T00:00:00Z',
        'bad@,BOUNCE,2024-01-01T00:00:00Z',
        'late@example.com,BOUNCE,yesterday',
        'nodate@example.com,BOUNCE,',
        'short@example.com,BOUNCE',
        'alsogood@example.com,,2024-01-02T00:00:00Z',
      ].join('\n');
      const { entries, problems } = parseSuppressionList('csv', text);
      expect(entries.map((entry) => [entry.line, entry.address, entry.reason])).toEqual([
        [2, 'good@example.com', 'BOUNCE'],
        [8, 'alsogood@example.com', 'imported'],
      ]);
      expect(problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^line 3: missing address/),
        expect.stringMatching(/^line 4: invalid address "bad@": nothing comes after the @/),
        'line 5: invalid date "yesterday"',
        expect.stringMatching(/^line 6: missing date/),
        'line 7: expected 3 fields (address, reason, date), found 2',
      ]);
    });

    it('uses --default-date for entries without one', () => {
      const { entries } = parseSuppressionList('csv', 'address,reason\na@example.com,x\n', {
        defaultDate: '2024-02-01T00:00:00.000Z',
      });
      expect(entries[0]?.occurredAt).toBe('2024-02-01T00:00:00.000Z');
    });

    it('reports the line of a JSON syntax error', () => {
      const text = '{\n  "Suppressions": [\n    { "EmailAddress": "a@example.org" },\n    { "EmailAddress": }\n  ]\n}';
      expect(parseSuppressionList('postmark', text).problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^line 4: invalid JSON/),
      ]);
    });

    it('reports the line of a record that is not an object, and of a bad NDJSON line', () => {
      const array = '[\n  {"email":"a@example.com","created":1700000000},\n  "b@example.com"\n]';
      expect(parseSuppressionList('sendgrid', array).problems.map(formatProblem)).toEqual([
        'line 3: expected an object, found "b@example.com"',
      ]);
      const ndjson = '{"EmailAddress":"a@example.org","CreatedAt":"2024-01-01T00:00:00Z"}\n{"EmailAddress":\n';
      expect(parseSuppressionList('postmark', ndjson).problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^line 2: invalid JSON/),
      ]);
    });

    it('reports an unterminated quote where the field starts, and a file with no records', () => {
      expect(parseSuppressionList('csv', 'address,reason,date\n"a@example.com,x,2024-01-01\n').problems).toEqual([
        { line: 2, message: 'unterminated quoted field' },
      ]);
      expect(parseSuppressionList('ses', '{"SuppressedDestinationSummaries": []}').problems).toEqual([
        { line: 1, message: 'no records found in this Amazon SES export' },
      ]);
    });

    it('reports an unterminated quote on the line its record starts, however far the file runs on', () => {
      const text =
        'address,reason,date\na@example.com,x,2024-01-01\n\n"b@example.com,x,2024-01-01\nc@example.com,x,2024-01-01\n';
      const { entries, problems } = parseSuppressionList('csv', text);
      expect(entries.map((entry) => entry.address)).toEqual(['a@example.com']);
      expect(problems).toEqual([{ line: 4, message: 'unterminated quoted field' }]);
    });

    it('reports text after a closing quote on the line its record starts', () => {
      const text = 'address,reason,date\n"a@example.com\n"x,y,2024-01-01\n';
      expect(parseSuppressionList('csv', text).problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^line 2: Invalid Closing Quote/),
      ]);
    });
  });
});
