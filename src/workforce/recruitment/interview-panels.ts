import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Actor } from '../../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { isExperiencedPeer } from '../peer-workers/experienced-peer';
import { PeerWorkersService } from '../peer-workers/peer-workers.service';
import type { InterviewPanelMemberDto } from './dto/recruitment.dto';
import type { RecruitmentApplication } from './entities/recruitment-application.entity';
import type { InterviewPanelMember } from './recruitment-stage';

/** A panel member the rules refuse: 422 naming the member's field and the rule. */
export class PanelMemberRefusedError extends UnprocessableError {
  constructor(message: string, rule: string, field: string) {
    super(message, field);
    this.extensions.rule = rule;
  }
}

/** Turns the panel a coordinator names into records: a peer worker's record, or an external peer they verified. */
@Injectable()
export class InterviewPanels {
  constructor(private readonly peerWorkers: PeerWorkersService) {}

  async resolve(
    actor: Actor,
    application: RecruitmentApplication,
    members: readonly InterviewPanelMemberDto[],
  ): Promise<InterviewPanelMember[]> {
    const today = DateTime.now().setZone('Europe/London').toISODate()!;
    const resolved: InterviewPanelMember[] = [];
    for (const [index, member] of members.entries()) {
      const field = (name: string) => `interviewPanel[${index}].${name}`;
      if (member.kind !== 'peer_worker' && member.peerWorkerId)
        throw new PanelMemberRefusedError(
          'peerWorkerId is for a peer_worker member',
          'panel_member_kind',
          field('peerWorkerId'),
        );
      if (member.kind === 'peer_worker') {
        const peer = await this.peerWorkers.findById(member.peerWorkerId!).catch((error: unknown) => {
          if (error instanceof RecordNotFoundError) return null;
          throw error;
        });
        // The panel's peer is an experienced peer worker of the site: appointed here, or with prior peer work verified.
        if (!peer || peer.siteId !== application.siteId || !isExperiencedPeer(peer))
          throw new PanelMemberRefusedError(
            'A peer_worker panel member must name an experienced peer worker of the site (appointed, or with prior peer work verified)',
            'panel_member_is_peer_worker',
            field('peerWorkerId'),
          );
        if (peer.id === application.peerWorkerId)
          throw new PanelMemberRefusedError(
            'The applicant cannot sit on their own interview panel',
            'panel_member_not_applicant',
            field('peerWorkerId'),
          );
        resolved.push({
          kind: 'peer_worker',
          peerWorkerId: peer.id,
          name: peer.displayName,
          role: 'Peer worker',
          organisation: null,
          roleVerification: null,
        });
      } else if (member.kind === 'external_peer') {
        resolved.push({
          kind: 'external_peer',
          peerWorkerId: null,
          name: member.name!,
          role: member.role!,
          organisation: member.organisation!,
          roleVerification: { how: member.roleVerifiedHow!, verifiedById: actor.id, verifiedOn: today },
        });
      } else {
        resolved.push({
          kind: 'staff',
          peerWorkerId: null,
          name: member.name!,
          role: member.role!,
          organisation: member.organisation ?? null,
          roleVerification: null,
        });
      }
    }
    return resolved;
  }
}
