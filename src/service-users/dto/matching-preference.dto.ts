import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  PREFERENCE_KINDS,
  PREFERENCE_WEIGHTS,
  type PreferenceKind,
  type PreferenceWeight,
} from '../service-user-vocabulary';
import type { MatchingPreference } from '../entities/matching-preference.entity';

export class MatchingPreferenceDto {
  @ApiProperty({ enum: PREFERENCE_KINDS, example: 'shared_experience' })
  @IsIn(PREFERENCE_KINDS)
  kind: PreferenceKind;

  @ApiProperty({
    example: 'parent',
    description:
      'Gender, age range "25-40", language, ethnic category or culture, a shared-experience tag, or what they do not want',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  value: string;

  @ApiProperty({
    enum: PREFERENCE_WEIGHTS,
    example: 'nice_to_have',
    description: '"must" filters peer workers; "nice to have" scores them',
  })
  @IsIn(PREFERENCE_WEIGHTS)
  weight: PreferenceWeight;

  static from(p: MatchingPreference): MatchingPreferenceDto {
    return Object.assign(new MatchingPreferenceDto(), { kind: p.kind, value: p.value, weight: p.weight });
  }
}

/** The whole set said at the preference meeting; replaces the previous set. Empty means no preferences. */
export class MatchingPreferencesRequest {
  @ApiProperty({
    type: [MatchingPreferenceDto],
    example: [
      { kind: 'peer_gender', value: 'female', weight: 'must' },
      { kind: 'shared_experience', value: 'parent', weight: 'nice_to_have' },
    ],
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MatchingPreferenceDto)
  preferences: MatchingPreferenceDto[];
}

export class MatchingPreferencesResponse {
  @ApiProperty({ format: 'uuid' }) serviceUserId: string;
  @ApiProperty({ type: [MatchingPreferenceDto] }) preferences: MatchingPreferenceDto[];
}
