import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../common/auth/role';

export class LoginRequest {
  @ApiProperty({ example: 'admin@enrich.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'change-me-on-first-start' })
  @IsString() @MinLength(1) @MaxLength(200)
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ example: 'q8Z2kX0h3N6m9t…', description: 'The refreshToken from sign-in or the last refresh' })
  @IsString() @MinLength(20) @MaxLength(200)
  refreshToken: string;
}

export class ClientCredentialsRequest {
  @ApiProperty({ example: 'client_credentials', enum: ['client_credentials'] })
  @IsIn(['client_credentials'], { message: 'grant_type must be client_credentials' })
  grant_type: 'client_credentials';

  @ApiProperty({ example: 'epr-north-riverside-4c1e9d51' })
  @IsString() @MinLength(1) @MaxLength(200)
  client_id: string;

  @ApiProperty({ example: 's3cr3t-shown-once…' })
  @IsString() @MinLength(1) @MaxLength(200)
  client_secret: string;
}

export class TokenResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs…' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ example: 'q8Z2kX0h3N6m9t…', required: false, description: 'Absent for machine clients' }) refreshToken?: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['user', 'client'] }) kind: 'user' | 'client';
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ type: [String], format: 'uuid' }) siteIds: string[];
}

export class CreateIntegrationClientRequest {
  @ApiProperty({ example: 'North Riverside RiO' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Sites (Trust) whose data this client may send and read' })
  @IsArray() @ArrayUnique() @IsUUID('all', { each: true })
  siteIds: string[];
}

export class IntegrationClientResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'North Riverside RiO' }) name: string;
  @ApiProperty({ example: 'epr-north-riverside-4c1e9d51' }) clientId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) siteIds: string[];
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty() createdAt: Date;
}

export class CreatedIntegrationClientResponse extends IntegrationClientResponse {
  @ApiProperty({ description: 'Shown once: store it in the client system now', example: 'Jx9…' }) clientSecret: string;
}
