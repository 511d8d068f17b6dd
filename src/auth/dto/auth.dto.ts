import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '../../common/auth/role';
import { PASSWORD_MIN_LENGTH } from '../../users/dto/user.dto';
import type { IntegrationClient } from '../entities/integration-client.entity';
import { ALL_SCOPES, Scope } from '../oauth/scopes';

export class LoginRequest {
  @ApiProperty({ example: 'admin@enrich.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'change-me-on-first-start' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ example: 'q8Z2kX0h3N6m9t…', description: 'The refreshToken from sign-in or the last refresh' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken: string;
}

export class PasswordResetRequest {
  @ApiProperty({
    example: 'q3V8cXl0b2tlbi1leGFtcGxlLW5vdC1yZWFsLTAxMjM0NTY3ODk',
    description: 'The one-time reset token an admin issued (POST /users/{id}/password-reset)',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: PASSWORD_MIN_LENGTH,
    description: 'The new password: at least 12 characters',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class PasswordChangeRequest {
  @ApiProperty({ example: 'change-me-on-first-start', description: 'Your current password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: PASSWORD_MIN_LENGTH,
    description: 'The new password: at least 12 characters',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  newPassword: string;
}

export class TokenResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs…' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ example: 'q8Z2kX0h3N6m9t…' }) refreshToken: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['user', 'client'] }) kind: 'user' | 'client';
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ type: [String], format: 'uuid' }) siteIds: string[];
}

export class CreateIntegrationClientRequest {
  @ApiProperty({ example: 'North Riverside RiO' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Sites (Trust) whose data this client may send and read',
  })
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  siteIds: string[];

  @ApiProperty({
    required: false,
    enum: Scope,
    isArray: true,
    example: ALL_SCOPES,
    description: 'What the client may do; omitted means every scope',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true, message: `scopes must each be one of ${ALL_SCOPES.join(', ')}` })
  scopes?: Scope[];
}

export class IntegrationClientResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'North Riverside RiO' }) name: string;
  @ApiProperty({ example: 'epr-north-riverside-4c1e9d51' }) clientId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) siteIds: string[];
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ enum: Scope, isArray: true, example: ALL_SCOPES }) scopes: Scope[];
  @ApiProperty() createdAt: Date;

  static of(c: IntegrationClient): IntegrationClientResponse {
    return {
      id: c.id,
      name: c.name,
      clientId: c.clientId,
      siteIds: c.siteIds,
      active: c.active,
      scopes: c.scopes,
      createdAt: c.createdAt,
    };
  }
}

export class CreatedIntegrationClientResponse extends IntegrationClientResponse {
  @ApiProperty({ description: 'Shown once: store it in the client system now', example: 'Jx9…' }) clientSecret: string;
}
