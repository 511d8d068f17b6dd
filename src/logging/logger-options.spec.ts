import type { ConfigService } from '@nestjs/config';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import pino from 'pino';
import { pinoHttp, Options } from 'pino-http';
import { Writable } from 'node:stream';
import type { Environment } from '../config/environment';
import { loggerOptions, redactingPinoOptions, REDACTED } from './logger-options';

const config = { get: (key: string) => ({ LOG_LEVEL: 'info' })[key] } as unknown as ConfigService<Environment, true>;

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logging keeps personal data out of logs', () => {
  const options = loggerOptions(config).pinoHttp as Options;

  it('logs a request as method and path only: no query string, headers or body', () => {
    const { lines, stream } = capture();
    const middleware = pinoHttp(options, stream);
    const req = new IncomingMessage(new Socket());
    Object.assign(req, {
      method: 'GET',
      url: '/fhir/r4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919',
      headers: { authorization: 'Bearer secret-token', 'x-patient-name': 'Jane Doe' },
      id: 'req-1',
    });
    const res = new ServerResponse(req);
    middleware(req, res);
    res.statusCode = 200;
    res.emit('finish');
    const text = lines.join('');
    const line = JSON.parse(text) as Record<string, unknown>;
    expect(line).toMatchObject({ service: 'enrich', req: { id: 'req-1', method: 'GET', path: '/fhir/r4/Patient' } });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(text).toContain('/fhir/r4/Patient');
    expect(text).not.toContain('9434765919');
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('Jane Doe');
  });

  it('redacts NHS numbers, names, notes and secrets wherever they appear in a log object', () => {
    const { lines, stream } = capture();
    const logger = pino(redactingPinoOptions(), stream);
    logger.info(
      {
        serviceUser: { nhsNumber: '9434765919', name: 'Jane Doe' },
        meeting: { note: 'talked about her sister' },
        password: 'hunter2hunter2',
      },
      'x',
    );
    const text = lines.join('');
    for (const secret of ['9434765919', 'Jane Doe', 'her sister', 'hunter2hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('redacts a meeting’s note and a lone-working visit’s location (delivery)', () => {
    const { lines, stream } = capture();
    const logger = pino(redactingPinoOptions(), stream);
    logger.info({ body: { held: { note: 'voices louder at night' } }, visit: { location: '14 Mill Lane' } }, 'x');
    const text = lines.join('');
    for (const secret of ['voices louder at night', '14 Mill Lane']) expect(text).not.toContain(secret);
  });

  it('redacts inside arrays and in a logged error’s own fields', () => {
    const { lines, stream } = capture();
    const logger = pino(redactingPinoOptions(), stream);
    logger.info({ attendees: [{ role: 'service_user', name: 'Jane Doe' }] }, 'x');
    const error = Object.assign(new Error('could not send'), {
      email: 'jane@example.org',
      details: { note: 'her sister' },
    });
    logger.error({ err: error }, 'z');
    const text = lines.join('');
    for (const secret of ['Jane Doe', 'jane@example.org', 'her sister']) expect(text).not.toContain(secret);
    const [list, failed] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(list.attendees).toEqual([{ role: 'service_user', name: REDACTED }]);
    expect(failed.err).toMatchObject({
      type: 'Error',
      message: 'could not send',
      email: REDACTED,
      details: { note: REDACTED },
    });
  });

  it('redacts three levels deep, as the old `key`, `*.key` and `*.*.key` paths did, and leaves the caller’s object alone', () => {
    const { lines, stream } = capture();
    const logger = pino(redactingPinoOptions(), stream);
    const logged = { a: { b: { nhsNumber: '9434765919' } }, ids: ['x'], count: 3 };
    logger.info(logged, 'x');
    expect(JSON.parse(lines[0])).toMatchObject({ a: { b: { nhsNumber: REDACTED } }, ids: ['x'], count: 3 });
    expect(logged.a.b.nhsNumber).toBe('9434765919');
  });
});
