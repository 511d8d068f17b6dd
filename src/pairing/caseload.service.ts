import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import type { SupportEpisodeState } from '../episodes/support-episode.state-machine';
import { SitesService } from '../sites/sites.service';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import type { PairingKind } from './entities/pairing.entity';
import { NextPlannedContacts } from './next-planned-contact';
import { daysSinceDischarge, todayInLondon } from './pairing-rules';
import { PairingRepository } from './pairing.repository';

export interface CaseloadEntry {
  episodeId: string;
  state: SupportEpisodeState;
  serviceUserId: string;
  serviceUserDisplayName: string;
  pairingKind: PairingKind;
  pairedSince: Date;
  nextPlannedContact: Date | null;
  dischargedOn: string | null;
  daysSinceDischarge: number | null;
}

/** A peer worker's caseload: the open episodes they hold now, primary or cover, against their site's cap. */
@Injectable()
export class CaseloadService {
  constructor(
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly nextPlannedContacts: NextPlannedContacts,
    private readonly pairings: PairingRepository,
  ) {}

  /** GET /peer-workers/{id}/caseload: the peer worker themself, their site's coordinator, or an admin. */
  async caseload(actor: Actor, peerWorkerId: string): Promise<{ caseloadCap: number; entries: CaseloadEntry[] }> {
    const worker = await this.peerWorkers.findVisible(actor, peerWorkerId);
    const { caseloadCap } = await this.sites.settingsOf(worker.siteId);
    const rows = await this.pairings.caseloadOf(peerWorkerId);
    const next = await this.nextPlannedContacts.nextPlannedContactOf(rows.map((r) => r.episode_id));
    const on = todayInLondon(); // once per caseload, not per row
    const entries = rows.map((r) => ({
      episodeId: r.episode_id,
      state: r.state,
      serviceUserId: r.service_user_id,
      serviceUserDisplayName: `${r.given_name} ${r.family_name}`,
      pairingKind: r.kind,
      pairedSince: r.started_at,
      nextPlannedContact: next.get(r.episode_id) ?? null,
      dischargedOn: r.discharged_on,
      daysSinceDischarge: daysSinceDischarge(r.state, r.discharged_on, on),
    }));
    await this.audit.recordList(
      actor,
      'caseload',
      entries.map((e) => e.episodeId),
      { peerWorkerId },
      entries.map((e) => e.serviceUserId),
    );
    return { caseloadCap, entries };
  }
}
