import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { Environment } from '../config/environment';

interface OpenTransaction {
  open: boolean;
}

/** Raised (in `throw` mode) when code inside a transaction asks the pool for a second connection. */
export class NestedConnectionError extends Error {
  constructor() {
    super('A query inside a transaction used a second pool connection: pass the transaction’s EntityManager instead');
    this.name = 'NestedConnectionError';
  }
}

/**
 * Watches for the pattern behind the discharge-burst deadlock: while a transaction holds one pool
 * connection (and perhaps a row lock), code inside it queries through the DataSource and waits for a
 * second. With N such requests and a pool of N, every connection waits for one that never frees.
 * The callback of every `dataSource.transaction(...)` runs in an async context; a pool checkout
 * from inside that context, while the transaction is still open, is the mistake.
 */
@Injectable()
export class TransactionConnectionCheck implements OnModuleInit {
  private readonly logger = new Logger('TransactionConnectionCheck');
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  /** Offences seen since start, for tests and the log. */
  offences = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onModuleInit(): void {
    const mode = this.config.get('DATABASE_NESTED_CONNECTION_CHECK', { infer: true });
    if (mode === 'off') return;
    this.watchTransactions(this.dataSource.manager);
    this.watchPool(mode);
  }

  private watchTransactions(manager: EntityManager): void {
    const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
    const context = this.context;
    const wrapped = (...args: unknown[]) => {
      const index = typeof args[0] === 'function' ? 0 : 1;
      const work = args[index] as (m: EntityManager) => Promise<unknown>;
      args[index] = async (m: EntityManager) => {
        const state: OpenTransaction = { open: true };
        try {
          return await context.run(state, () => work(m));
        } finally {
          // Work the callback left running after it returned is not "inside" the transaction any more.
          state.open = false;
        }
      };
      return original(...args);
    };
    (manager as unknown as { transaction: typeof wrapped }).transaction = wrapped;
  }

  private watchPool(mode: 'log' | 'throw'): void {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) return;
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => {
      if (this.context.getStore()?.open) {
        this.offences += 1;
        const error = new NestedConnectionError();
        this.logger.warn({ stack: error.stack }, error.message);
        if (mode === 'throw') {
          const callback = args[0];
          if (typeof callback === 'function') {
            (callback as (e: Error) => void)(error);
            return undefined;
          }
          return Promise.reject(error);
        }
      }
      return connect(...args);
    };
  }
}
