import type { RecipientCommand } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import { actingFor } from './acting-for';
import type { Actor } from './actor';

const helpdesk: Actor = { tokenId: 't1', name: 'helpdesk', owner: 'support team', scopes: ['support'] };
const admin: Actor = { ...helpdesk, scopes: ['support', 'admin'] };
const correction = (by: string): RecipientCommand => ({ type: 'RecordCorrection', address: 'a@example.com', by });

describe('a command that names who makes the change', () => {
  it("takes the token's name or owner as they are", () => {
    expect(actingFor(correction('helpdesk'), helpdesk)).toEqual(correction('helpdesk'));
    expect(actingFor(correction('support team'), helpdesk)).toEqual(correction('support team'));
  });

  it("records an unnamed lift in the token's name", () => {
    expect(actingFor(correction('api'), helpdesk)).toEqual(correction('helpdesk'));
  });

  it('refuses someone else without admin with a 403 naming by, and lets an admin token act for them', () => {
    const refused = (() => {
      try {
        return actingFor(correction('anyone'), helpdesk);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 403, errors: [{ field: 'by' }] });
    expect(actingFor(correction('legal team'), admin)).toEqual(correction('legal team'));
  });

  it('leaves commands without by, and commands without a token (the CLI, webhooks), as they are', () => {
    const bounce: RecipientCommand = {
      type: 'RecordDelivery',
      address: 'a@example.com',
      occurredAt: '2026-01-01T00:00:00Z',
    };
    expect(actingFor(bounce, helpdesk)).toBe(bounce);
    expect(actingFor(correction('anyone'), undefined)).toEqual(correction('anyone'));
  });
});
