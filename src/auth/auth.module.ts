import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { AccountAuthorityRepository } from '../common/auth/account-authority.repository';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { RedisThrottlerStorage } from './throttling/redis-throttler-storage';
import { ThrottlerStorageModule } from './throttling/throttler-storage.module';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessGuard } from '../common/auth/access.guard';
import type { Environment } from '../config/environment';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { BootstrapAdmin } from './bootstrap-admin';
import { BrowserSignInController } from './browser-sign-in.controller';
import { OAuthController } from './oauth/oauth.controller';

@Module({
  imports: [
    UsersModule,
    SitesModule,
    JwtModule.registerAsync({
      global: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        // A KeyObject made once: given the string, jsonwebtoken would rebuild (and first try to parse it as a public key) on every verify.
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true }), 'utf8')),
        signOptions: { algorithm: 'HS256', issuer: 'enrich' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'enrich' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      // Counted in Redis, so the limit holds across API replicas.
      imports: [ThrottlerStorageModule],
      inject: [ConfigService, RedisThrottlerStorage],
      useFactory: (config: ConfigService<Environment, true>, storage: RedisThrottlerStorage) => ({
        throttlers: [
          { name: 'sign-in', ttl: 60_000, limit: config.get('LOGIN_RATE_LIMIT_PER_MINUTE', { infer: true }) },
        ],
        storage,
      }),
    }),
  ],
  controllers: [AuthController, OAuthController, BrowserSignInController],
  providers: [
    AuthService,
    AuthRepository,
    BootstrapAdmin,
    AccountAuthorityRepository,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
