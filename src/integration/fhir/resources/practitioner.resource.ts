import { Injectable } from '@nestjs/common';
import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import { Actor, hasRole, isAdmin } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/role';
import { UsersService } from '../../../users/users.service';
import {
  PeerWorkerReadScope,
  PeerWorkerReadsRepository,
  PeerWorkerSearch,
  type PeerWorkerWithSite,
} from '../../../workforce/peer-workers/peer-worker-reads.repository';
import { isRecordId, SearchRequest } from '../fhir-search';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { PRACTITIONER_STATUSES, toPractitioner, toPractitionerRole } from '../mappers/practitioner.mapper';
import { FhirMatch, FhirResourceDefinition, idsOf, referenceFilter } from './fhir-resource-definition';

type WithWorkAccount = PeerWorkerWithSite & { workAccount: { email: string } | null };

/**
 * Appointed peer workers of the caller's sites (every site for an admin), read through the workforce area's
 * PeerWorkerReadsRepository; the work email is that of their active ENRICH account, read from users.
 */
@Injectable()
export class PeerWorkerQueries {
  constructor(
    private readonly peerWorkers: PeerWorkerReadsRepository,
    private readonly users: UsersService,
  ) {}

  private scopeOf(actor: Actor): PeerWorkerReadScope {
    const siteIds = isAdmin(actor) ? null : hasRole(actor, Role.Coordinator, Role.Integration) ? actor.siteIds : [];
    return { siteIds, statuses: PRACTITIONER_STATUSES };
  }

  private async withWorkAccounts(peerWorkers: PeerWorkerWithSite[], manager?: EntityManager) {
    const userIds = [...new Set(peerWorkers.map((pw) => pw.userId).filter((id): id is string => !!id))];
    const emails = await this.users.activeEmailsOf(userIds, manager);
    return peerWorkers.map((pw): WithWorkAccount =>
      Object.assign(pw, { workAccount: emails.find((account) => account.id === pw.userId) ?? null }),
    );
  }

  async read(actor: Actor, id: string): Promise<WithWorkAccount | null> {
    if (!isRecordId(id)) return null;
    const pw = await this.peerWorkers.readWithSite(this.scopeOf(actor), id);
    return pw ? (await this.withWorkAccounts([pw]))[0] : null;
  }

  async search(actor: Actor, filter: PeerWorkerSearch, search: SearchRequest, read: EntityManager) {
    const { total, rows } = await this.peerWorkers.searchWithSite(this.scopeOf(actor), filter, search, read);
    return { total, rows: await this.withWorkAccounts(rows, read) };
  }
}

@Injectable()
export class PractitionerResource implements FhirResourceDefinition<Practitioner> {
  readonly type = 'Practitioner';
  readonly profile = UK_CORE_PROFILE('Practitioner');
  readonly documentation = 'A peer worker (appointed, on the reserve, or formerly in post)';
  readonly searchParams = {
    name: { type: 'string' as const, documentation: 'Part of the name the peer worker works under (case-insensitive)' },
  };

  constructor(private readonly peerWorkers: PeerWorkerQueries) {}

  private match = (pw: WithWorkAccount): FhirMatch<Practitioner> => ({
    resource: toPractitioner(pw),
    serviceUserId: null,
  });

  async read(actor: Actor, id: string) {
    const pw = await this.peerWorkers.read(actor, id);
    return pw ? this.match(pw) : null;
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const filter: PeerWorkerSearch = { ids: idsOf(search), name: search.params.name };
    const { total, rows } = await this.peerWorkers.search(actor, filter, search, read);
    return { total, matches: rows.map(this.match) };
  }
}

@Injectable()
export class PractitionerRoleResource implements FhirResourceDefinition<PractitionerRole> {
  readonly type = 'PractitionerRole';
  readonly profile = UK_CORE_PROFILE('PractitionerRole');
  readonly documentation = "A peer worker's role at their Trust (same id as the Practitioner)";
  readonly searchParams = {
    practitioner: { type: 'reference' as const, documentation: 'The peer worker: Practitioner/<id> or <id>' },
  };

  constructor(private readonly peerWorkers: PeerWorkerQueries) {}

  private match = (pw: WithWorkAccount): FhirMatch<PractitionerRole> => ({
    resource: toPractitionerRole(pw, pw.site),
    serviceUserId: null,
  });

  async read(actor: Actor, id: string) {
    const pw = await this.peerWorkers.read(actor, id);
    return pw ? this.match(pw) : null;
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const practitioner = referenceFilter([search.params.practitioner], 'Practitioner');
    const ids = idsOf(search);
    const filter: PeerWorkerSearch = {
      ids: practitioner.id ? [...(ids ?? [practitioner.id]).filter((id) => id === practitioner.id)] : ids,
      nothing: practitioner.nothing,
    };
    const { total, rows } = await this.peerWorkers.search(actor, filter, search, read);
    return { total, matches: rows.map(this.match) };
  }
}
