import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts sign-in attempts per client address and account, so one person's typos do not lock out a ward. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const body = (request.body ?? {}) as { email?: unknown; client_id?: unknown };
    const headers = (request.headers ?? {}) as { authorization?: string };
    // An OAuth client sending HTTP Basic names itself in the header (the user part), not the body.
    const basicUser = /^basic /i.test(headers.authorization ?? '')
      ? Buffer.from(headers.authorization!.slice(6).trim(), 'base64').toString('utf8').split(':')[0]
      : '';
    const account =
      typeof body.email === 'string'
        ? body.email.toLowerCase()
        : typeof body.client_id === 'string'
          ? body.client_id
          : basicUser;
    return Promise.resolve(`${String(request.ip)}|${account}`);
  }
}
