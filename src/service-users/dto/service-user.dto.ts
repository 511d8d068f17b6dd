import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsNhsNumber } from '../../common/nhs-number/nhs-number';
import { ETHNIC_CATEGORY_CODES, type EthnicCategoryCode, type Gender, GENDERS } from '../service-user-vocabulary';
import type { ContactDetails, ServiceUser } from '../entities/service-user.entity';

const DATE_ONLY = { strict: true, strictSeparator: true } as const;

export class ContactDetailsDto implements ContactDetails {
  @ApiPropertyOptional({ example: '07700 900123' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: 'alex@example.org' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: [String], example: ['12 Mill Lane', 'Riverside'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  addressLines?: string[];

  @ApiPropertyOptional({ example: 'RV1 2AB' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  postcode?: string;
}

export class CreateServiceUserRequest {
  @ApiProperty({
    format: 'uuid',
    example: '3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4',
    description: 'The site whose service the person is referred to',
  })
  @IsUUID()
  siteId: string;

  @ApiProperty({
    example: '943 476 5919',
    description: '10 digits with a valid Modulus 11 check digit; spaces and hyphens are ignored',
  })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiProperty({ example: 'Alex' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  givenName: string;

  @ApiProperty({ example: 'Morgan' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  familyName: string;

  @ApiProperty({ example: '1988-04-17', format: 'date' })
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date (YYYY-MM-DD)' })
  dateOfBirth: string;

  @ApiProperty({ enum: GENDERS, example: 'female' })
  @IsIn(GENDERS)
  gender: Gender;

  @ApiProperty({ enum: ETHNIC_CATEGORY_CODES, example: 'A', description: 'NHS ethnic category code' })
  @IsIn(ETHNIC_CATEGORY_CODES)
  ethnicity: EthnicCategoryCode;

  @ApiPropertyOptional({ example: 'English' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  preferredLanguage?: string;

  @ApiPropertyOptional({ type: ContactDetailsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDetailsDto)
  contact?: ContactDetailsDto;

  @ApiPropertyOptional({ example: 'Prefers written information in large print' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accessibilityNeeds?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The ward of the site they are on now',
  })
  @IsOptional()
  @IsUUID()
  wardId?: string | null;

  @ApiPropertyOptional({ example: 'Y02906', description: 'ODS code of the GP practice' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{3,8}$/, { message: 'gpPracticeCode must be an ODS code (3 to 8 capital letters or digits)' })
  gpPracticeCode?: string;
}

/** Site and NHS number are fixed once registered; everything else can be corrected. */
export class UpdateServiceUserRequest extends PartialType(
  OmitType(CreateServiceUserRequest, ['siteId', 'nhsNumber'] as const),
) {}

export class ServiceUserResponse {
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ example: '9434765919' }) nhsNumber: string;
  @ApiProperty({ example: 'Alex' }) givenName: string;
  @ApiProperty({ example: 'Morgan' }) familyName: string;
  @ApiProperty({ example: '1988-04-17', format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: GENDERS, example: 'female' }) gender: Gender;
  @ApiProperty({ enum: ETHNIC_CATEGORY_CODES, example: 'A' }) ethnicity: EthnicCategoryCode;
  @ApiProperty({ nullable: true, type: String, example: 'English' }) preferredLanguage: string | null;
  @ApiProperty({ type: ContactDetailsDto }) contact: ContactDetailsDto;
  @ApiProperty({ nullable: true, type: String, example: null }) accessibilityNeeds: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) wardId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Y02906' }) gpPracticeCode: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(su: ServiceUser): ServiceUserResponse {
    return Object.assign(new ServiceUserResponse(), {
      id: su.id,
      siteId: su.siteId,
      nhsNumber: su.nhsNumber,
      givenName: su.givenName,
      familyName: su.familyName,
      dateOfBirth: su.dateOfBirth,
      gender: su.gender,
      ethnicity: su.ethnicity,
      preferredLanguage: su.preferredLanguage,
      contact: su.contact,
      accessibilityNeeds: su.accessibilityNeeds,
      wardId: su.wardId,
      gpPracticeCode: su.gpPracticeCode,
      version: su.version,
      createdAt: su.createdAt,
      updatedAt: su.updatedAt,
    });
  }
}

export class ServiceUserPage {
  @ApiProperty({ type: [ServiceUserResponse] }) items: ServiceUserResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}
