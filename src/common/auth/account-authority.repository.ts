import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import type { Role } from './role';

export interface UserAuthority {
  active: boolean;
  roles: Role[];
  siteIds: string[];
  credentialsVersion: number;
}

export interface ClientAuthority {
  active: boolean;
  siteIds: string[];
}

/** The caller's authority as it is now: read by AccessGuard on every request (one primary-key read). */
@Injectable()
export class AccountAuthorityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({ params: [DummyValue.UUID] })
  async ofUser(id: string): Promise<UserAuthority | null> {
    const [row]: { active: boolean; roles: Role[]; site_ids: string[] | null; credentials_version: number }[] =
      await this.dataSource.query(`SELECT active, roles, site_ids, credentials_version FROM users WHERE id = $1`, [id]);
    return row
      ? {
          active: row.active,
          roles: row.roles,
          siteIds: row.site_ids ?? [],
          credentialsVersion: row.credentials_version,
        }
      : null;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async ofClient(id: string): Promise<ClientAuthority | null> {
    const [row]: { active: boolean; site_ids: string[] | null }[] = await this.dataSource.query(
      `SELECT active, site_ids FROM integration_clients WHERE id = $1`,
      [id],
    );
    return row ? { active: row.active, siteIds: row.site_ids ?? [] } : null;
  }
}
