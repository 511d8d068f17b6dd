import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts sign-in attempts per client address and account, so one person's typos do not lock out a ward. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const body = (request.body ?? {}) as { email?: unknown; client_id?: unknown };
    const account = typeof body.email === 'string' ? body.email.toLowerCase() : typeof body.client_id === 'string' ? body.client_id : '';
    return `${String(request.ip)}|${account}`;
  }
}
