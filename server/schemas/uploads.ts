import { FormatQuery, Limit, NullableInt, NullableNumber, NullableString, Offset, StringEnum, Type, paged } from './common.ts';

/** Corrections and flag decisions of the replaced version that do not hold on the version now in force. */
export const Superseded = Type.Object({
  fromReportId: Type.Integer(),
  corrections: Type.Array(Type.Object({
    key: Type.String(), cell: Type.String(), value: NullableNumber, current: NullableNumber, reason: Type.String(), author: Type.String(),
  })),
  decisions: Type.Array(Type.Object({
    rule: Type.String(), title: Type.String(), state: StringEnum(['confirmed', 'dismissed'] as const), message: Type.String(), reason: Type.String(), author: Type.String(),
  })),
});

export const UploadResult = Type.Object({
  file: Type.String(), outcome: StringEnum(['ingested', 'unchanged', 'replaced', 'failed'] as const),
  needsReview: Type.Boolean(), reportId: NullableInt, organ: NullableString, county: NullableString, year: NullableInt,
  reviewCount: Type.Integer(), reason: NullableString,
  /** An older version re-sent and made current again (outcome replaced). */
  restored: Type.Optional(Type.Boolean()),
  superseded: Type.Optional(Superseded),
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

/** GET /uploads/log: every file a person sent, newest first. */
export const UploadLogQuery = Type.Object({
  outcome: Type.Optional(StringEnum(['failed', 'ok'] as const, { description: 'failed: only refused files; ok: only stored ones' })),
  limit: Limit(), offset: Offset, format: FormatQuery,
});
export const UploadLogEntry = Type.Object({
  id: Type.Integer(), at: Type.String(), via: StringEnum(['upload', 'manual'] as const), author: Type.String(), client: NullableString,
  file: Type.String(), outcome: StringEnum(['ingested', 'unchanged', 'replaced', 'failed'] as const), reason: NullableString,
  reportId: NullableInt, organ: NullableString, county: NullableString, year: NullableInt,
});
export const UploadLogResponse = paged(UploadLogEntry);

/** 202: the files are still being read; poll GET /uploads/jobs/{job}. */
export const UploadQueued = Type.Object({
  job: Type.Integer({ description: '上传任务编号：轮询 GET /api/uploads/jobs/{job}' }),
  file: Type.String({ description: '正在读取的文件' }),
});
export const UploadJobParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const UploadJobResponse = Type.Object({
  id: Type.Integer(),
  state: StringEnum(['running', 'done', 'failed'] as const),
  /** The file being read; page and pages while a scan is read by OCR (null otherwise). */
  progress: Type.Union([Type.Object({ file: Type.String(), page: NullableInt, pages: NullableInt }), Type.Null()]),
  /** The upload's 200 body, once done. */
  answer: Type.Union([UploadResponse, Type.Null()]),
  /** Why a failed job failed (and the files handled before, as a 413 says them), else null. */
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), results: Type.Optional(Type.Array(UploadResult)) }), Type.Null()]),
});
