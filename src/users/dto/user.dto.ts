import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '../../common/auth/role';
import type { User } from '../entities/user.entity';

export const PASSWORD_MIN_LENGTH = 12;

export class CreateUserRequest {
  @ApiProperty({ example: 'sam.okafor@nhs.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sam Okafor' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: PASSWORD_MIN_LENGTH,
    description: 'At least 12 characters',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: Role, isArray: true, example: [Role.PeerWorker] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each value in roles must be one of: ${Object.values(Role).join(', ')}` })
  roles: Role[];

  @ApiProperty({ type: [String], format: 'uuid', example: ['3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4'] })
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  siteIds: string[];
}

export class UpdateUserRequest {
  @ApiPropertyOptional({ example: 'Sam Okafor-Reid' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: Role, isArray: true, example: [Role.PeerWorker, Role.Coordinator] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  siteIds?: string[];

  @ApiPropertyOptional({
    example: false,
    description: 'false stops the user signing in and revokes their refresh tokens',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN_LENGTH,
    example: 'a new long passphrase',
    description:
      'Your own password only (it ends your other sessions). For anyone else an admin issues a password reset.',
  })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(200)
  password?: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid', example: '9b2f3c1a-6d3e-4f7a-8c2b-1d0e9f8a7b6c' }) id: string;
  @ApiProperty({ example: 'sam.okafor@nhs.example' }) email: string;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ enum: Role, isArray: true, example: [Role.PeerWorker] }) roles: Role[];
  @ApiProperty({ type: [String], format: 'uuid' }) siteIds: string[];
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ nullable: true, type: Date }) lastSignedInAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(user: User): UserResponse {
    return Object.assign(new UserResponse(), {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      siteIds: user.siteIds,
      active: user.active,
      lastSignedInAt: user.lastSignedInAt,
      version: user.version,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    });
  }
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}

export class PasswordResetIssuedResponse {
  @ApiProperty({ format: 'uuid', example: '9b2f3c1a-6d3e-4f7a-8c2b-1d0e9f8a7b6c' }) userId: string;
  @ApiProperty({
    example: 'q3V8cXl0b2tlbi1leGFtcGxlLW5vdC1yZWFsLTAxMjM0NTY3ODk',
    description:
      'Shown once, here, and stored only as a hash: give it to the person (in person or by a secure channel). ' +
      'They redeem it at POST /auth/password-reset. Issuing another reset for the same user spends this one.',
  })
  resetToken: string;
  @ApiProperty({ example: '2026-01-06T09:00:00.000Z' }) expiresAt: Date;
}
