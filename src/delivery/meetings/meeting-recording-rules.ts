import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MeetingSetting } from '../../common/vocabulary/meeting-vocabulary';
import { SitesService } from '../../sites/sites.service';
import { PeerWorkersService } from '../../workforce/peer-workers/peer-workers.service';
import { DeliveryAccess } from '../delivery-access.service';
import { refusedBy, unprocessable } from '../delivery-rule';
import type { DeliveryEpisode } from '../delivery.repository';
import { LoneWorkingRequirement } from '../lone-working/lone-working-requirement';
import type { HeldDetails } from './dto/meeting.dto';
import { Meeting } from './entities/meeting.entity';
import { noChange } from './meeting-moves';
import { brokenMeetingRule, defaultEndingPreparation, recordOf } from './meeting-rules';
import type { MeetingTransitionFacts } from './meeting.state-machine';

/** The transition facts of a meeting held at the times given. */
export function heldFacts(held: HeldDetails, now: Date): MeetingTransitionFacts {
  return { ...noChange(now), actualStartAt: new Date(held.actualStartAt), actualEndAt: new Date(held.actualEndAt) };
}

/**
 * The delivery rules a meeting keeps (meeting-rules.ts, pure) with the facts gathered for them: the peer worker on
 * the episode's site, paired at the time, past any handover; and what holding a meeting fills in.
 */
@Injectable()
export class MeetingRecordingRules {
  constructor(
    private readonly access: DeliveryAccess,
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
    private readonly loneWorking: LoneWorkingRequirement,
  ) {}

  async assertDeliveryRules(
    manager: EntityManager,
    episode: DeliveryEpisode,
    peerWorkerId: string,
    setting: MeetingSetting,
    at: Date,
  ): Promise<void> {
    const worker = await this.peerWorkers.deliveryFactsOf(peerWorkerId, manager);
    if (!worker || worker.siteId !== episode.siteId)
      throw unprocessable('peer_worker_on_site', 'peerWorkerId', 'No such peer worker on the episode’s site');
    const broken = brokenMeetingRule({
      episodeState: episode.state,
      dischargedOn: episode.dischargedOn,
      readmittedOn: episode.readmittedOn,
      setting,
      at,
      peerWorkerPairedAtTime: await this.access.isSupportingPeerWorker(episode, peerWorkerId, at, manager),
      handoverAcknowledged: await this.access.handoverAcknowledged(episode.id, peerWorkerId, manager),
      codeOfEthicsAcknowledgedOn: worker.codeOfEthicsAcknowledgedOn,
    });
    if (broken) throw refusedBy(broken.rule, broken.explain);
  }

  /** Re-check the delivery rules for a meeting at `at` (lone working re-checks them when a visit starts). */
  async assertMeetingRulesAt(manager: EntityManager, meeting: Meeting, at: Date): Promise<DeliveryEpisode> {
    const episode = await this.access.lockEpisode(manager, meeting.episodeId);
    await this.assertDeliveryRules(manager, episode, meeting.peerWorkerId, meeting.setting, at);
    return episode;
  }

  /** The held record: actual times, who came, the structured record (ending preparation defaulted), note, lone working. */
  async applyHeld(
    manager: EntityManager,
    meeting: Meeting,
    held: HeldDetails,
    facts: MeetingTransitionFacts,
    episode: DeliveryEpisode,
  ): Promise<void> {
    const heldBefore = await manager.getRepository(Meeting).countBy({ episodeId: episode.id, status: 'held' });
    const { endingPreparationEarlyMeetings } = await this.sites.settingsOf(episode.siteId, manager);
    Object.assign(meeting, {
      actualStartAt: facts.actualStartAt,
      actualEndAt: facts.actualEndAt,
      attendees: (held.attendees ?? []).map((a) => ({ role: a.role, name: a.name ?? null })),
      record: recordOf(held.record, defaultEndingPreparation(heldBefore, endingPreparationEarlyMeetings)),
      note: held.note ?? null,
      loneWorkingExemptionReason: await this.loneWorking.assertSafelyHeld(
        manager,
        meeting,
        held.loneWorkingExemptionReason,
      ),
    });
  }
}
