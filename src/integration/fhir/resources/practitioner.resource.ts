import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import { Actor, hasRole, isAdmin } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/role';
import { PeerWorker } from '../../../workforce/peer-workers/entities/peer-worker.entity';
import { User } from '../../../users/entities/user.entity';
import { isRecordId, referencedId, SearchRequest } from '../fhir-search';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { PRACTITIONER_STATUSES, toPractitioner, toPractitionerRole } from '../mappers/practitioner.mapper';
import { FhirMatch, FhirResourceDefinition, pageOf } from './fhir-resource-definition';

/** Appointed peer workers of the caller's sites (every site for an admin). */
@Injectable()
export class PeerWorkerQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  scoped(actor: Actor) {
    const qb = this.dataSource
      .getRepository(PeerWorker)
      .createQueryBuilder('pw')
      .innerJoinAndSelect('pw.site', 'site')
      // The work account's email is the one contact detail that is work's, not the applicant's own.
      .leftJoinAndMapOne('pw.workAccount', User, 'account', 'account.id = pw.userId AND account.active')
      .where('pw.status = ANY(:statuses::text[])', { statuses: PRACTITIONER_STATUSES });
    if (isAdmin(actor)) return qb;
    const siteIds = hasRole(actor, Role.Coordinator, Role.Integration) ? actor.siteIds : [];
    return qb.andWhere('pw.siteId = ANY(:scopeSiteIds::uuid[])', { scopeSiteIds: siteIds });
  }

  async read(actor: Actor, id: string): Promise<PeerWorker | null> {
    return isRecordId(id) ? this.scoped(actor).andWhere('pw.id = :id', { id }).getOne() : null;
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

  private match = (pw: PeerWorker): FhirMatch<Practitioner> => ({ resource: toPractitioner(pw), serviceUserId: null });

  async read(actor: Actor, id: string) {
    const pw = await this.peerWorkers.read(actor, id);
    return pw ? this.match(pw) : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = this.peerWorkers.scoped(actor);
    if (search.ids) qb.andWhere('pw.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    if (search.params.name !== undefined)
      qb.andWhere(`pw.displayName ILIKE :name ESCAPE '\\'`, {
        name: `%${search.params.name.replace(/[\\%_]/g, '\\$&')}%`,
      });
    const { total, rows } = await pageOf(qb, 'pw', search);
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

  private match = (pw: PeerWorker): FhirMatch<PractitionerRole> => ({
    resource: toPractitionerRole(pw, pw.site!),
    serviceUserId: null,
  });

  async read(actor: Actor, id: string) {
    const pw = await this.peerWorkers.read(actor, id);
    return pw ? this.match(pw) : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = this.peerWorkers.scoped(actor);
    if (search.ids) qb.andWhere('pw.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    if (search.params.practitioner !== undefined) {
      const id = referencedId(search.params.practitioner, 'Practitioner');
      if (id && isRecordId(id)) qb.andWhere('pw.id = :practitionerId', { practitionerId: id });
      else qb.andWhere('false');
    }
    const { total, rows } = await pageOf(qb, 'pw', search);
    return { total, matches: rows.map(this.match) };
  }
}
