import { NullableInt, NullableString, StringEnum, Type } from './common.ts';

export const UploadResult = Type.Object({
  file: Type.String(), outcome: StringEnum(['ingested', 'unchanged', 'replaced', 'failed'] as const),
  needsReview: Type.Boolean(), reportId: NullableInt, organ: NullableString, county: NullableString, year: NullableInt,
  reviewCount: Type.Integer(), reason: NullableString,
});
export const UploadResponse = Type.Object({
  results: Type.Array(UploadResult),
  tally: Type.Object({ total: Type.Integer(), ingested: Type.Integer(), unchanged: Type.Integer(), replaced: Type.Integer(), needsReview: Type.Integer(), failed: Type.Integer() }),
});
/** 413: the error, plus the files handled before the limit was hit. */
export const UploadTooLarge = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
  results: Type.Optional(Type.Array(UploadResult)),
});
