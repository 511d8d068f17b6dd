import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { systemActor, type Actor } from '../../src/common/auth/actor';

const SYSTEM_ACTOR = systemActor('domain-events-test');
import type { AbsenceChanged } from '../../src/common/events/domain-event-map';
import { DOMAIN_EVENTS } from '../../src/common/events/domain-event-map';
import { DomainEvents } from '../../src/common/events/domain-events.service';
import { EventsModule } from '../../src/common/events/events.module';
import { EVENTS_DOC_FILE, renderEventsDoc } from '../../src/common/events/events-doc';
import { OnDomainEvent } from '../../src/common/events/on-domain-event.decorator';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { OutboxModule } from '../../src/scheduling/outbox/outbox.module';
import { TestApp } from '../support/test-app';

/** Handlers of a probe app (not the real one): they log the order they run in, and one refuses on demand. */
const ran: string[] = [];
@Injectable()
class ProbeHandlers {
  @OnDomainEvent('absence.changed', { order: 2 })
  async second(_manager: EntityManager, _actor: Actor, { absence }: AbsenceChanged): Promise<void> {
    ran.push('second');
    if (absence.note === 'refuse') throw new Error('the second handler refuses');
  }

  @OnDomainEvent('absence.changed', { order: 1 })
  async first(_manager: EntityManager, _actor: Actor, _event: AbsenceChanged): Promise<void> {
    ran.push('first');
  }
}

describe('Domain events', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every event and, in the order they run, the handlers the app declares for it', () => {
    const events = t.app.get(DomainEvents);
    const catalogue = Object.fromEntries(
      Object.keys(DOMAIN_EVENTS).map((event) => [event, events.handlersOf(event as keyof typeof DOMAIN_EVENTS)]),
    );
    expect(catalogue).toEqual({
      'absence.changed': ['CoverService.followAbsence'],
      'cover.changed': ['IntegrationEventsPublisher.onCoverChanged'],
      'episode.referred': ['IntegrationEventsPublisher.onReferred'],
      'episode.moved': [
        'PairingService.closePairingsOfEndedEpisode',
        'StepDownPlanService.followEpisode',
        // An ending cancels the planned meetings (after the outstanding contacts).
        'MeetingsOfEndedEpisodes.cancelPlannedMeetings',
        'CoverService.coverNewPlan',
        'AttentionService.flagEarlyDischarge',
        'AttentionService.closeItemsOfEndedEpisode',
        // Last: the published CloudEvent is written once every other consequence has held.
        'IntegrationEventsPublisher.onEpisodeMoved',
      ],
      'meeting.moved': ['IntegrationEventsPublisher.onMeetingMoved'],
      'pairing.changed': ['IntegrationEventsPublisher.onPairingChanged'],
      'plan.versioned': ['IntegrationEventsPublisher.onPlanVersioned'],
      'planned-contact.moved': [],
      'planned-contact.scheduled': [],
      'lone_working.visit_moved': [],
      'supervision.recorded': [],
      'supervision.concern_raised': [],
      'handover.written': [],
      'handover.acknowledged': [],
      'peer_worker.status_changed': ['LeaversCaseload.releaseCaseloadOfLeaver'],
      // Consent is live: withdrawn consent to peer support ends the open episode.
      'consent.withdrawn': ['WithdrawnConsent.endPeerSupport'],
    });
  });

  it('keeps docs/events.md as `npm run docs:events` would generate it from the discovered handlers', () => {
    const generated = renderEventsDoc(t.app.get(DomainEvents).catalogue());
    expect(readFileSync(EVENTS_DOC_FILE, 'utf8')).toBe(generated);
  });

  describe('emit', () => {
    let probe: { events: DomainEvents; dataSource: DataSource; close: () => Promise<void> };
    const absence = (note: string) =>
      ({ id: '00000000-0000-4000-8000-00000000000a', note }) as AbsenceChanged['absence'];
    const outboxRow = {
      type: 'absence.started',
      aggregateType: 'absence',
      aggregateId: '00000000-0000-4000-8000-00000000000a',
    };
    const outboxRows = () =>
      probe.dataSource.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1`, [outboxRow.aggregateId]);

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [TypeOrmModule.forRoot(dataSourceOptions(process.env.DATABASE_URL!)), OutboxModule, EventsModule],
        providers: [ProbeHandlers],
      }).compile();
      const app = await moduleRef.init();
      probe = {
        events: app.get(DomainEvents),
        dataSource: app.get<DataSource>(getDataSourceToken()),
        close: () => app.close(),
      };
    });

    afterAll(async () => {
      await probe?.close();
    });

    beforeEach(() => {
      ran.length = 0;
    });

    it('runs the handlers in their declared order, after writing the outbox rows in the same transaction', async () => {
      await probe.dataSource.transaction((manager) =>
        probe.events.emit(
          manager,
          SYSTEM_ACTOR,
          'absence.changed',
          { absence: absence('fine'), change: 'recorded', from: null },
          { outbox: [outboxRow] },
        ),
      );
      expect(ran).toEqual(['first', 'second']);
      expect(await outboxRows()).toEqual([{ type: 'absence.started' }]);
      await probe.dataSource.query(`DELETE FROM outbox_events WHERE aggregate_id = $1`, [outboxRow.aggregateId]);
    });

    it('rolls the whole change back, outbox row included, when a handler throws', async () => {
      await expect(
        probe.dataSource.transaction((manager) =>
          probe.events.emit(
            manager,
            SYSTEM_ACTOR,
            'absence.changed',
            { absence: absence('refuse'), change: 'recorded', from: null },
            { outbox: [outboxRow] },
          ),
        ),
      ).rejects.toThrow('the second handler refuses');
      expect(ran).toEqual(['first', 'second']);
      expect(await outboxRows()).toEqual([]);
    });

    it('refuses to emit outside a transaction, where a failing handler could not undo the change', async () => {
      await expect(
        probe.events.emit(probe.dataSource.manager, SYSTEM_ACTOR, 'absence.changed', {
          absence: absence('fine'),
          change: 'recorded',
          from: null,
        }),
      ).rejects.toThrow('outside a transaction');
      expect(ran).toEqual([]);
    });

    it('refuses an outbox row type the event does not declare', async () => {
      await expect(
        probe.dataSource.transaction((manager) =>
          probe.events.emit(
            manager,
            SYSTEM_ACTOR,
            'absence.changed',
            { absence: absence('fine'), change: 'recorded', from: null },
            {
              outbox: [{ ...outboxRow, type: 'episode.ended' }],
            },
          ),
        ),
      ).rejects.toThrow('may not write outbox rows of type episode.ended');
      expect(await outboxRows()).toEqual([]);
    });
  });
});
