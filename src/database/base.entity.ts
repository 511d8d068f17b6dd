import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** UUID key and timestamps (timestamptz, UTC) on every table. */
export abstract class BaseRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Millisecond precision, so a creation time survives the round trip through a JS Date (keyset cursors rely on it). */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A record people edit: `version` rises with every save, for optimistic concurrency (If-Match / 409). */
export abstract class EditableRecord extends BaseRecord {
  @VersionColumn({ default: 1 })
  version: number;
}
